import { z } from 'zod';
import { withAdmissionRule } from '../../../schema/admission-rule.js';
import {
  INIT_CONTAINER_NAMES_RULE,
  containerListsSchema,
  serviceAccessFields,
  portSchema,
} from '../../../kit/service/container-schema.js';
import { envListSchema } from '../../../kit/service/env-schema.js';

/** A Go duration as Knative's annotations take it: `90s`, `10m`, `1h`. */
const DURATION_PATTERN = '^([0-9]+(s|m|h))+$';

/** Knative routes HTTP only: a port may not be tcp. */
const httpPortSchema = withAdmissionRule(portSchema, {
  accepts: (port) => port.protocol !== 'tcp',
  cel: "!has(self.protocol) || self.protocol != 'tcp'",
  message: 'must be http or http2: Knative serves HTTP only',
  path: ['protocol'],
  examples: { accepted: [{ protocol: 'http' }, { protocol: 'http2' }], refused: [{ protocol: 'tcp' }] },
});

export const knativeServiceSchema = withAdmissionRule(
  withAdmissionRule(
    withAdmissionRule(
      z
        .object({
          ...containerListsSchema,
          env: envListSchema,
          ports: z
            // At most one port, so its name and number cannot repeat.
            .array(httpPortSchema)
            .max(1)
            .default([])
            .meta({
              description: 'The one port requests arrive on; default Knative’s 8080 (the PORT variable).',
            }),
          rolloutDuration: z
            .string()
            .regex(new RegExp(DURATION_PATTERN), { error: 'must be a duration such as 90s, 10m or 1h' })
            .max(32)
            .default('10m')
            .meta({
              description:
                'How long a new revision takes to get all traffic, shifted gradually. Default 10m.',
            }),
          minScale: z.int().min(0).max(1000).default(0).meta({
            description: 'The fewest pods (0–1000); 0 lets the service scale to zero when idle. Default 0.',
          }),
          maxScale: z.int().min(0).max(1000).default(0).meta({
            description: 'The most pods (0–1000); 0 means no limit. Default 0.',
          }),
          targetConcurrency: z.int().min(1).max(10000).default(100).meta({
            description: 'Requests in flight per pod the autoscaler aims for (1–10000). Default 100.',
          }),
          scaleToZero: z.boolean().default(true).meta({
            description:
              'Scale to no pods when idle (needs minScale 0); false keeps at least one. Default true.',
          }),
          ...serviceAccessFields,
        })
        .strict(),
      INIT_CONTAINER_NAMES_RULE,
    ),
    {
      accepts: (spec) => spec.maxScale === 0 || spec.maxScale >= spec.minScale,
      cel: '!has(self.maxScale) || self.maxScale == 0 || self.maxScale >= (has(self.minScale) ? self.minScale : 0)',
      message: 'must be 0 (no limit) or at least minScale',
      path: ['maxScale'],
      examples: {
        accepted: [
          { scaleToZero: false, minScale: 2, maxScale: 0 },
          { scaleToZero: false, minScale: 2, maxScale: 2 },
        ],
        refused: [{ scaleToZero: false, minScale: 3, maxScale: 2 }],
      },
    },
  ),
  {
    accepts: (spec) => !spec.scaleToZero || spec.minScale === 0,
    cel: '!has(self.minScale) || self.minScale == 0 || (has(self.scaleToZero) && !self.scaleToZero)',
    message: 'must be 0 while scaleToZero is true; set scaleToZero false to keep pods',
    path: ['minScale'],
    examples: {
      accepted: [{ minScale: 0 }, { scaleToZero: false, minScale: 2 }],
      refused: [{ minScale: 2 }, { scaleToZero: true, minScale: 1 }],
    },
  },
).meta({
  description:
    'A serverless HTTP service: a Knative Service that scales with traffic, down to zero when idle.',
});

export type KnativeServiceSpec = z.output<typeof knativeServiceSchema>;
