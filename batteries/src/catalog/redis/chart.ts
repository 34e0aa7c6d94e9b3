import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { parseQuantity } from '../../schema/quantity.js';
import { resolveResources, scaledPresets, type Resources } from '../../schema/resources.js';
import { renderRedis } from './render.js';
import { DEFAULT_MAXMEMORY_FRACTION, STORAGE_PRESETS, type RedisSpec } from './schema.js';

/** Redis container resources per platform size; medium is a quarter core and 512 MiB (limit 1 GiB). */
export const REDIS_PRESETS = scaledPresets({ cpu: 0.25, memoryMi: 512 });
/** redis_exporter resources per platform size; medium is 20m and 64 MiB. */
export const EXPORTER_PRESETS = scaledPresets({ cpu: 0.02, memoryMi: 64 });

/**
 * The redis battery's own standalone Redis in the data namespace, rendered by `renderRedis` as a RedisInstance is:
 * the StatefulSet `redis` (one replica, a growable `data` volume), its configuration in the ConfigMap
 * `redis-config`, the generated password in the Secret `redis-password` (key `password`), the Service `redis`
 * (port 6379) and the headless Service `redis-headless`. With victoria-metrics installed (and the exporter
 * enabled) a redis_exporter sidecar serves metrics on 9121 through the scraped Service `redis-metrics`. The names
 * are those of the battery before RedisInstances existed, so an upgrade keeps the volume `data-redis-0`.
 */
export class RedisChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<RedisSpec>) {
    super(scope, 'redis');
    const { spec, settings } = props;
    const resources = resolveResources(REDIS_PRESETS, settings.defaultSize, spec.resources);
    const withExporter = spec.exporter.enabled && props.isInstalled('victoria-metrics');
    renderRedis(this, {
      name: 'redis',
      namespace: settings.namespaces.data,
      mode: 'standalone',
      replicas: 1,
      image: imageRef(spec.image),
      resources,
      storageSize: spec.storageSize ?? STORAGE_PRESETS[settings.defaultSize],
      maxmemoryBytes: resolveMaxmemory(spec.maxmemory, resources),
      maxmemoryPolicy: spec.maxmemoryPolicy,
      appendonly: spec.appendonly,
      password: props.secret('password'),
      ...(withExporter
        ? {
            exporter: {
              image: imageRef(spec.exporter.image),
              resources: resolveResources(EXPORTER_PRESETS, settings.defaultSize, spec.exporter.resources),
            },
          }
        : {}),
      live: props.live,
    });
  }
}

/**
 * `maxmemory` in bytes: the spec's value, else a share of the container's memory limit. A value above the
 * limit would let the kernel kill Redis before it evicts or refuses writes, so it is an error.
 */
export function resolveMaxmemory(maxmemory: string | undefined, resources: Resources): number {
  const limit = parseQuantity(resources.limits.memory);
  if (maxmemory === undefined) return Math.floor(limit * DEFAULT_MAXMEMORY_FRACTION);
  const bytes = Math.floor(parseQuantity(maxmemory));
  if (bytes > limit) {
    throw new RangeError(
      `spec.maxmemory: ${maxmemory} exceeds the Redis container's memory limit ${resources.limits.memory}; ` +
        'lower spec.maxmemory or raise spec.resources.limits.memory',
    );
  }
  return bytes;
}
