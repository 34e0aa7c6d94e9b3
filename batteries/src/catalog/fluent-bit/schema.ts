import { z } from 'zod';
import { image } from '../../schema/image.js';
import { resourcesSchema } from '../../schema/resources.js';

/** Fluent Bit's log levels, quietest first. */
export const LOG_LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace'] as const;

export const fluentBitSchema = z
  .object({
    image: image('The Fluent Bit image.', {
      repository: 'cr.fluentbit.io/fluent/fluent-bit',
      tag: '4.2.0',
    }),
    logLevel: z
      .enum(LOG_LEVELS)
      .default('info')
      .meta({ description: "Fluent Bit's own log level (not a filter on the logs it ships). Default info." }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({
    description:
      "Ships every container's logs to Loki: a Fluent Bit DaemonSet labelling each line with its namespace, pod, container, battery and instance.",
  });

export type FluentBitSpec = z.output<typeof fluentBitSchema>;
