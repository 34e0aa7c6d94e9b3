import { z } from 'zod';
import { withAdmissionRule } from './admission-rule.js';
import { compareQuantities, isQuantity, quantity } from './quantity.js';

type Amounts = { cpu?: string; memory?: string } | undefined;

/**
 * A request may not exceed its limit (the API server would refuse the Pod). Checked where the spec sets both;
 * either one alone is completed from the size preset.
 */
function requestWithinLimit<Schema extends z.ZodType<{ requests?: Amounts; limits?: Amounts }>>(
  schema: Schema,
  resource: 'cpu' | 'memory',
  examples: { request: string; limit: string; above: string },
): Schema {
  const present = (side: 'requests' | 'limits') =>
    `has(self.${side}) && has(self.${side}.${resource}) && isQuantity(self.${side}.${resource})`;
  const why = `a container cannot request more ${resource} than its limit`;
  return withAdmissionRule(schema, {
    accepts: ({ requests, limits }) => {
      const [request, limit] = [requests?.[resource], limits?.[resource]];
      if (!isQuantity(request) || !isQuantity(limit)) return true;
      return compareQuantities(request, limit) <= 0;
    },
    cel:
      `!(${present('requests')} && ${present('limits')}) || ` +
      `quantity(self.requests.${resource}).compareTo(quantity(self.limits.${resource})) <= 0`,
    message: `must not exceed limits.${resource}: ${why}`,
    messageFor: {
      zod: ({ requests, limits }) =>
        `must not exceed limits.${resource} (${limits?.[resource]}), got ${requests?.[resource]}: ${why}`,
      cel:
        `'must not exceed limits.${resource} (' + self.limits.${resource} + '), got ' + ` +
        `self.requests.${resource} + ': ${why}'`,
    },
    path: ['requests', resource],
    examples: {
      accepted: [
        { requests: { [resource]: examples.request }, limits: { [resource]: examples.limit } },
        { requests: { [resource]: examples.limit }, limits: { [resource]: examples.limit } },
      ],
      refused: [{ requests: { [resource]: examples.above }, limits: { [resource]: examples.limit } }],
    },
  });
}

const amounts = z.object({
  requests: z
    .object({
      cpu: quantity('CPU request, in cores (250m is a quarter core).', '250m').optional(),
      memory: quantity('Memory request.', '256Mi').optional(),
    })
    .optional()
    .meta({ description: 'What the scheduler reserves for the container.' }),
  limits: z
    .object({
      cpu: quantity('CPU limit, in cores.', '1').optional(),
      memory: quantity('Memory limit; the container is restarted when it exceeds it.', '512Mi').optional(),
    })
    .optional()
    .meta({ description: 'The most the container may use.' }),
});

/** Requests and limits of one container; absent fields come from the battery's size preset. */
export const resourcesSchema = requestWithinLimit(
  requestWithinLimit(amounts, 'cpu', { request: '500m', limit: '1', above: '1500m' }),
  'memory',
  { request: '1Gi', limit: '2Gi', above: '3Gi' },
).meta({ description: 'Resource requests and limits; unset values follow the platform default size.' });

export type ResourcesOverride = z.output<typeof resourcesSchema>;

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu?: string; memory: string };
}

/** Platform size presets, as in the original (`custom` means: only what the battery spec says). */
export const SIZES = ['tiny', 'small', 'medium', 'large', 'xlarge', 'huge'] as const;
export type Size = (typeof SIZES)[number];

/**
 * Resolves a container's resources: the battery's preset for the platform size, overridden field by
 * field by the spec. CPU limits are left unset unless asked for (throttling hurts more than it helps).
 */
export function resolveResources(
  presets: Record<Size, Resources>,
  size: Size,
  override: ResourcesOverride | undefined,
): Resources {
  const base = presets[size];
  const limits = { ...base.limits, ...stripUndefined(override?.limits ?? {}) };
  return {
    requests: { ...base.requests, ...stripUndefined(override?.requests ?? {}) },
    limits: limits as Resources['limits'],
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A preset table that scales one base size: tiny = ½, small = ¾ … huge = 8×. */
export function scaledPresets(medium: { cpu: number; memoryMi: number }): Record<Size, Resources> {
  const factors: Record<Size, number> = { tiny: 0.25, small: 0.5, medium: 1, large: 2, xlarge: 4, huge: 8 };
  return Object.fromEntries(
    SIZES.map((size) => {
      const cpu = Math.max(10, Math.round(medium.cpu * 1000 * factors[size]));
      const memory = Math.max(32, Math.round(medium.memoryMi * factors[size]));
      return [
        size,
        { requests: { cpu: `${cpu}m`, memory: `${memory}Mi` }, limits: { memory: `${memory * 2}Mi` } },
      ];
    }),
  ) as Record<Size, Resources>;
}
