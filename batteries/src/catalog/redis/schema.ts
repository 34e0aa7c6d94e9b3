import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { image } from '../../schema/image.js';
import { growOnlyQuantity, parseQuantity, quantity } from '../../schema/quantity.js';
import { resourcesSchema, type Size } from '../../schema/resources.js';

/** Default data volume size per platform size, in binary units. */
export const STORAGE_PRESETS: Readonly<Record<Size, string>> = {
  tiny: '1Gi',
  small: '4Gi',
  medium: '8Gi',
  large: '32Gi',
  xlarge: '64Gi',
  huge: '256Gi',
};

/** Redis' `maxmemory-policy` values: what happens when `maxmemory` is reached. */
export const MAXMEMORY_POLICIES = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
] as const;

/** The share of the Redis container's memory limit used as `maxmemory` when the spec does not set one. */
export const DEFAULT_MAXMEMORY_FRACTION = 0.75;

export const redisSchema = z
  .object({
    image: image('The Redis server image.', { repository: 'quay.io/opstree/redis', tag: 'v8.4.0' }),
    storageSize: growOnlyQuantity(
      `Size of the data volume (RDB snapshots and the append-only file). Default by platform size: ${Object.entries(
        STORAGE_PRESETS,
      )
        .map(([size, value]) => `${size} ${value}`)
        .join(', ')}.`,
      '8Gi',
    ).optional(),
    resources: resourcesSchema.optional(),
    maxmemory: withAdmissionRule(
      quantity(
        `Redis' maxmemory, in bytes as a Kubernetes quantity (512Mi, 2Gi); 0 means no limit. Default ${
          DEFAULT_MAXMEMORY_FRACTION * 100
        }% of the Redis container's memory limit, which leaves room for fork-based persistence.`,
        '512Mi',
      ),
      {
        accepts: (value) => parseQuantity(value) >= 0,
        cel: "!isQuantity(self) || !quantity(self).isLessThan(quantity('0'))",
        message: 'must not be negative: a size such as 512Mi or 2Gi, or 0 for no limit',
        examples: { accepted: ['0', '512Mi'], refused: ['-1Gi', '-1'] },
      },
    ).optional(),
    maxmemoryPolicy: z.enum(MAXMEMORY_POLICIES).default('noeviction').meta({
      description:
        'What Redis does when maxmemory is reached: noeviction rejects writes; allkeys-* evicts any key, volatile-* only keys with a TTL (lru, lfu, random, ttl). Default noeviction.',
    }),
    appendonly: z.boolean().default(true).meta({
      description:
        'Log every write to the append-only file (fsync every second), so at most a second of writes is lost on a crash; RDB snapshots are taken either way. Default true.',
    }),
    exporter: z
      .object({
        enabled: z.boolean().default(true).meta({
          description:
            'Run the redis_exporter sidecar (port 9121) and its scraped Service when the victoria-metrics battery is installed. Default true.',
        }),
        image: image('The redis_exporter image.', {
          repository: 'quay.io/opstree/redis-exporter',
          tag: 'v1.80.1',
        }),
        resources: resourcesSchema.optional(),
      })
      .strict()
      .prefault({})
      .meta({ description: 'The Prometheus exporter for Redis metrics.' }),
  })
  .strict()
  .meta({
    description: 'A standalone, password-protected Redis with a persistent volume in the data namespace.',
  });

export type RedisSpec = z.output<typeof redisSchema>;
