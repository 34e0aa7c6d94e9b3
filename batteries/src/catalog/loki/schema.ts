import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { image } from '../../schema/image.js';
import { growOnlyQuantity } from '../../schema/quantity.js';
import { resourcesSchema, type Size } from '../../schema/resources.js';

/** Default log volume size per platform size, in binary units. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '1Gi',
  small: '5Gi',
  medium: '10Gi',
  large: '50Gi',
  xlarge: '100Gi',
  huge: '500Gi',
};

/** The most replicas the original allowed (`0 < n < 99`). */
export const MAX_REPLICAS = 98;

const replicaCount = (description: string) =>
  z
    .int()
    .min(1)
    .max(MAX_REPLICAS)
    .default(1)
    .meta({ description: `${description} 1 to ${MAX_REPLICAS}; default 1.` });

export const lokiSchema = withAdmissionRule(
  z
    .object({
      image: image('The Loki image (run as a single binary: every component in one process).', {
        repository: 'grafana/loki',
        tag: '3.6.2',
      }),
      replicas: replicaCount(
        'Loki pods. More than one joins them into one ring over memberlist, but with filesystem storage each pod keeps the chunks it flushed on its own volume.',
      ),
      replicationFactor: replicaCount(
        'How many pods receive each log stream; at most `replicas`. Writes need a majority of them to succeed.',
      ),
      retentionPeriod: z
        .string()
        .regex(/^[1-9][0-9]*[dwy]$/, {
          error: 'must be a whole number of days, weeks or years such as 30d, 4w or 1y',
        })
        .default('30d')
        .meta({
          description:
            'How long logs are kept before the compactor deletes them, in whole days (d), weeks (w) or years (y). Default 30d.',
        }),
      storageSize: growOnlyQuantity(
        `Size of each pod's log volume. Default by platform size: ${Object.entries(STORAGE_PRESETS)
          .map(([size, value]) => `${size} ${value}`)
          .join(', ')}.`,
        '10Gi',
      ).optional(),
      resources: resourcesSchema.optional(),
    })
    .strict(),
  {
    accepts: (spec) => spec.replicationFactor <= spec.replicas,
    cel: 'self.replicationFactor <= self.replicas',
    message: 'must not exceed replicas: each replica of a stream needs its own pod',
    path: ['replicationFactor'],
    examples: {
      accepted: [
        { replicas: 3, replicationFactor: 2 },
        { replicas: 3, replicationFactor: 3 },
      ],
      refused: [{ replicas: 1, replicationFactor: 2 }],
    },
  },
).meta({
  description: 'Loki log storage and querying, as one StatefulSet with filesystem storage.',
});

export type LokiSpec = z.output<typeof lokiSchema>;
