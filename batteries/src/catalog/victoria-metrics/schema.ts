import { z } from 'zod';
import { image } from '../../schema/image.js';
import { growOnlyQuantity } from '../../schema/quantity.js';
import { resourcesSchema, type Size } from '../../schema/resources.js';

/** Default volume size per platform size, as in the original (vmstorage presets), in binary units. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '1Gi',
  small: '10Gi',
  medium: '50Gi',
  large: '200Gi',
  xlarge: '500Gi',
  huge: '2Ti',
};

/**
 * VictoriaMetrics' `-retentionPeriod`: a bare number is months; otherwise a number with `h`, `d`, `w` or
 * `y`. VictoriaMetrics refuses less than a day, so hours start at 24.
 */
const RETENTION_PATTERN = /^([1-9][0-9]*[dwy]?|(2[4-9]|[3-9][0-9]|[1-9][0-9]{2,})h)$/;

/** A scrape interval such as `30s`, `1m` or `2h`. */
const INTERVAL_PATTERN = /^[1-9][0-9]*(s|m|h)$/;

export const victoriaMetricsSchema = z
  .object({
    image: image('The VictoriaMetrics single-node image.', {
      repository: 'victoriametrics/victoria-metrics',
      tag: 'v1.131.0',
    }),
    storageSize: growOnlyQuantity(
      `Size of the metrics volume. Default by platform size: ${Object.entries(STORAGE_PRESETS)
        .map(([size, value]) => `${size} ${value}`)
        .join(', ')}.`,
      '50Gi',
    ).optional(),
    retentionPeriod: z
      .string()
      .regex(RETENTION_PATTERN, {
        error:
          'must be a number of months (1) or a duration of at least a day with h, d, w or y (30d, 2w, 1y, 48h)',
      })
      .default('1')
      .meta({
        description:
          'How long samples are kept: a bare number is months; otherwise 24h or more, in h, d, w or y (30d, 2w, 1y). Default 1 month.',
      }),
    scrapeInterval: z
      .string()
      .regex(INTERVAL_PATTERN, { error: 'must be a duration in s, m or h such as 30s or 1m' })
      .default('30s')
      .meta({
        description:
          'How often annotated pods, services and kubelets are scraped, in s, m or h. Default 30s.',
      }),
    scrapeKubelets: z.boolean().default(true).meta({
      description:
        "Scrape every node's kubelet and cAdvisor (container CPU, memory, network) over HTTPS with the service account token; kubelet serving certificates are usually self-signed, so they are not verified. Default true.",
    }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({
    description: 'Single-node VictoriaMetrics: stores metrics and scrapes annotated pods and services.',
  });

export type VictoriaMetricsSpec = z.output<typeof victoriaMetricsSchema>;
