import { z } from 'zod';
import {
  containerAndPortIssues,
  containerListsSchema,
  serviceAccessFields,
  portSchema,
} from '../../../kit/service/container-schema.js';
import { duplicateEnvIssues, envListSchema } from '../../../kit/service/env-schema.js';

/** A Go duration as Knative's annotations take it: `90s`, `10m`, `1h`. */
const DURATION_PATTERN = '^([0-9]+(s|m|h))+$';

export const knativeServiceSchema = z
  .object({
    ...containerListsSchema,
    env: envListSchema,
    ports: z
      .array(portSchema)
      .max(1)
      .default([])
      .meta({ description: 'The one port requests arrive on; default Knative’s 8080 (the PORT variable).' }),
    rolloutDuration: z
      .string()
      .regex(new RegExp(DURATION_PATTERN), { error: 'must be a duration such as 90s, 10m or 1h' })
      .max(32)
      .default('10m')
      .meta({
        description: 'How long a new revision takes to get all traffic, shifted gradually. Default 10m.',
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
      description: 'Scale to no pods when idle (needs minScale 0); false keeps at least one. Default true.',
    }),
    ...serviceAccessFields,
  })
  .strict()
  .superRefine((spec, context) => {
    for (const issue of [...containerAndPortIssues(spec), ...duplicateEnvIssues(spec.env)])
      context.addIssue({ code: 'custom', ...issue });
    spec.ports.forEach((port, index) => {
      if (port.protocol === 'tcp')
        context.addIssue({
          code: 'custom',
          path: ['ports', index, 'protocol'],
          message: 'must be http or http2: Knative serves HTTP only',
        });
    });
    if (spec.maxScale !== 0 && spec.maxScale < spec.minScale)
      context.addIssue({
        code: 'custom',
        path: ['maxScale'],
        message: `must be 0 (no limit) or at least minScale (${spec.minScale}), got ${spec.maxScale}`,
      });
    if (spec.scaleToZero && spec.minScale > 0)
      context.addIssue({
        code: 'custom',
        path: ['minScale'],
        message: `must be 0 while scaleToZero is true (got ${spec.minScale}); set scaleToZero false to keep pods`,
      });
  })
  .meta({
    description:
      'A serverless HTTP service: a Knative Service that scales with traffic, down to zero when idle.',
  });

export type KnativeServiceSpec = z.output<typeof knativeServiceSchema>;

/** The CEL twins of the scale refinements. */
export const KNATIVE_SERVICE_RULES = [
  {
    rule: "!has(self.ports) || self.ports.all(p, !has(p.protocol) || p.protocol != 'tcp')",
    message: 'ports: protocol must be http or http2: Knative serves HTTP only',
    fieldPath: '.ports',
  },
  {
    rule: '!has(self.maxScale) || self.maxScale == 0 || self.maxScale >= (has(self.minScale) ? self.minScale : 0)',
    message: 'maxScale must be 0 (no limit) or at least minScale',
    fieldPath: '.maxScale',
  },
  {
    rule: '!has(self.minScale) || self.minScale == 0 || (has(self.scaleToZero) && !self.scaleToZero)',
    message: 'minScale must be 0 while scaleToZero is true; set scaleToZero false to keep pods',
    fieldPath: '.minScale',
  },
] as const;
