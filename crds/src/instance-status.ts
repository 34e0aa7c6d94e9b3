import { z } from 'zod';
import { batteryStatusSchema } from './battery-status.js';

/**
 * What the operator reports about an instance after each pass: the Battery status (`Ready`, `Applied`,
 * `DependenciesMet` — whether the owning battery is installed — `observedGeneration`, resource counts, message)
 * plus connection information. Connection information names hosts, ports and Secrets, never secret values.
 */
export const instanceStatusSchema = batteryStatusSchema
  .extend({
    connection: z
      .record(z.string(), z.string().max(2048))
      .meta({
        description:
          'How to reach the instance: hosts, ports, database, and the Secret holding the credentials (never the values).',
      })
      .optional(),
    instances: z
      .object({
        desired: z.int().min(0).meta({ description: 'Pods the workload wants.' }),
        ready: z.int().min(0).meta({ description: 'Pods ready now.' }),
      })
      .meta({ description: 'The pods of the instance’s Deployment or StatefulSet, when it renders one.' })
      .optional(),
  })
  .meta({ description: 'Observed state, written by the operator through the status subresource.' });

export type InstanceStatus = z.output<typeof instanceStatusSchema>;
