import { defineBattery } from '../../model/battery.js';
import { EXPORTER_PRESETS, REDIS_PRESETS, RedisChart } from './chart.js';
import { redisInstance } from './redis-instance.js';
import { redisSchema } from './schema.js';
import { redisSecrets } from './secrets.js';

/**
 * A standalone Redis, generated directly (no operator), with a password, persistence and metrics; and the
 * RedisInstances users create, rendered by the same generator.
 */
export const redis = defineBattery({
  type: 'redis',
  group: 'data',
  name: 'Redis',
  description:
    'A standalone, password-protected Redis with a persistent volume in the data namespace; exports metrics to VictoriaMetrics when installed.',
  dependencies: ['core'],
  integrations: ['victoria-metrics'],
  uninstallable: true,
  shortName: 'redisb',
  schema: redisSchema,
  resourcePresets: { resources: REDIS_PRESETS, 'exporter.resources': EXPORTER_PRESETS },
  secrets: (_spec, namespaces) => redisSecrets(namespaces),
  chart: (scope, props) => new RedisChart(scope, props),
  instances: [redisInstance],
});
