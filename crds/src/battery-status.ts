import { z } from 'zod';

/** The condition types the operator sets on every Battery object (DESIGN §3). */
export const BATTERY_CONDITION_TYPES = ['Ready', 'Applied', 'DependenciesMet'] as const;
export type BatteryConditionType = (typeof BATTERY_CONDITION_TYPES)[number];

const count = (description: string) => z.int().min(0).meta({ description, format: 'int32' });
const generation = (description: string) => z.int().min(0).meta({ description, format: 'int64' });

/** The standard `metav1.Condition` shape, with the same limits and patterns Kubernetes uses. */
export const batteryConditionSchema = z
  .object({
    type: z
      .string()
      .max(316)
      .regex(
        /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/,
      )
      .meta({ description: `Type of condition in CamelCase: ${BATTERY_CONDITION_TYPES.join(', ')}.` }),
    status: z
      .enum(['True', 'False', 'Unknown'])
      .meta({ description: 'Status of the condition: True, False or Unknown.' }),
    observedGeneration: generation(
      'The metadata.generation the condition was set from; older than the current generation means stale.',
    ).optional(),
    lastTransitionTime: z.string().meta({
      format: 'date-time',
      description: 'When the condition last changed from one status to another.',
    }),
    reason: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/)
      .meta({ description: 'Programmatic identifier of the reason for the last transition, in CamelCase.' }),
    message: z
      .string()
      .max(32768)
      .meta({ description: 'Human-readable detail of the last transition; may be empty.' }),
  })
  .meta({ description: 'One aspect of the battery’s state (metav1.Condition).' });

/** What the operator reports about a battery after each pass. Every field is optional: a new object has none. */
export const batteryStatusSchema = z
  .object({
    observedGeneration: generation('The metadata.generation the last pass acted on.').optional(),
    conditions: z
      .array(batteryConditionSchema)
      .max(32)
      .meta({
        description: 'Ready, Applied and DependenciesMet, one entry per type.',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['type'],
      })
      .optional(),
    lastSnapshot: z
      .string()
      .max(128)
      .meta({
        description:
          'ID of the recorded pass (snapshot) at which this status last changed; passes that change nothing leave it.',
      })
      .optional(),
    resources: z
      .object({
        desired: count('Objects the battery generates.').optional(),
        applied: count('Objects applied and up to date in the cluster.').optional(),
        failed: count('Objects whose last apply failed.').optional(),
      })
      .meta({ description: 'Counts of the Kubernetes objects generated for this battery.' })
      .optional(),
    message: z
      .string()
      .max(32768)
      .meta({ description: 'A one-line summary of the battery’s state for people.' })
      .optional(),
  })
  .meta({ description: 'Observed state, written by the operator through the status subresource.' });

export type BatteryCondition = z.output<typeof batteryConditionSchema>;
export type BatteryStatus = z.output<typeof batteryStatusSchema>;
