import { z } from 'zod';
import { defineInstance } from '../../model/instance.js';
import { withAdmissionRule, withCelRules } from '../../schema/admission-rule.js';
import { image, imageRef } from '../../schema/image.js';
import { growOnlyQuantity } from '../../schema/quantity.js';
import { resolveResources, resourcesSchema, SIZES } from '../../schema/resources.js';
import { EXPORTER_PRESETS, REDIS_PRESETS, resolveMaxmemory } from './chart.js';
import { REDIS_PORT, SENTINEL_PORT } from './config.js';
import { renderRedis, type RedisMode } from './render.js';
import { MAXMEMORY_POLICIES, STORAGE_PRESETS } from './schema.js';

export const REDIS_MODES = [
  'standalone',
  'replication',
  'sentinel',
  'cluster',
] as const satisfies readonly RedisMode[];

export const redisInstanceSchema = withCelRules(
  withAdmissionRule(
    withAdmissionRule(
      z
        .object({
          mode: z.enum(REDIS_MODES).default('standalone').meta({
            description:
              'standalone: one server; replication: a primary (pod 0) and instances - 1 replicas; sentinel: replication watched by Redis Sentinel, which fails over; cluster: a Redis Cluster sharding keys over instances / (1 + clusterReplicas) primaries (at least 3), fixed after creation. Default standalone.',
          }),
          instances: z.int().min(1).max(30).default(1).meta({
            description:
              'Redis servers: 1 for standalone; with replication, the primary and its replicas; in cluster mode every node, primaries and replicas. Default 1.',
          }),
          clusterReplicas: z.int().min(0).max(5).default(1).meta({
            description: 'In cluster mode, replicas per primary. Default 1.',
          }),
          sentinels: z.int().min(1).max(9).default(3).meta({
            description:
              'Sentinel pods in sentinel mode; a majority must agree before a failover. Default 3.',
          }),
          size: z
            .enum(SIZES)
            .default('small')
            .meta({
              description: `Size preset for the volume and resources when not set below (volume: ${SIZES.map(
                (size) => `${size} ${STORAGE_PRESETS[size]}`,
              ).join(', ')}). Default small.`,
            }),
          image: image('The Redis server image (also runs Sentinel).', {
            repository: 'quay.io/opstree/redis',
            tag: 'v8.4.0',
          }),
          storageSize: growOnlyQuantity(
            'The data volume of each server (RDB snapshots and the append-only file); default from the size preset.',
            '8Gi',
          ).optional(),
          resources: resourcesSchema.optional(),
          maxmemoryPolicy: z.enum(MAXMEMORY_POLICIES).default('noeviction').meta({
            description:
              'What Redis does when maxmemory (75% of the memory limit) is reached. Default noeviction.',
          }),
          appendonly: z.boolean().default(true).meta({
            description: 'Log every write to the append-only file (fsync every second). Default true.',
          }),
          exporter: z
            .object({
              enabled: z.boolean().default(true).meta({
                description:
                  'Run the redis_exporter sidecar and its scraped Service when victoria-metrics is installed. Default true.',
              }),
              image: image('The redis_exporter image.', {
                repository: 'quay.io/opstree/redis-exporter',
                tag: 'v1.80.1',
              }),
            })
            .strict()
            .prefault({})
            .meta({ description: 'The Prometheus exporter for Redis metrics.' }),
        })
        .strict(),
      {
        accepts: (spec) => spec.mode !== 'standalone' || spec.instances === 1,
        cel: "self.mode != 'standalone' || self.instances == 1",
        message: 'instances must be 1 in standalone mode; use replication for more',
        path: ['instances'],
        examples: {
          accepted: [
            { mode: 'standalone', instances: 1 },
            { mode: 'replication', instances: 2 },
          ],
          refused: [{ mode: 'standalone', instances: 2 }],
        },
      },
    ),
    {
      accepts: (spec) =>
        spec.mode !== 'cluster' ||
        (spec.instances >= 3 * (1 + spec.clusterReplicas) &&
          spec.instances % (1 + spec.clusterReplicas) === 0),
      cel: "self.mode != 'cluster' || (self.instances >= 3 * (1 + self.clusterReplicas) && self.instances % (1 + self.clusterReplicas) == 0)",
      message:
        'in cluster mode, instances must be a multiple of 1 + clusterReplicas, with at least 3 primaries',
      path: ['instances'],
      examples: {
        accepted: [
          { mode: 'cluster', instances: 6, clusterReplicas: 1 },
          { mode: 'cluster', instances: 3, clusterReplicas: 0 },
        ],
        refused: [
          { mode: 'cluster', instances: 4, clusterReplicas: 1 },
          { mode: 'cluster', instances: 7, clusterReplicas: 1 },
        ],
      },
    },
  ),
  [
    {
      // Resharding is not automated: a Redis Cluster keeps its shape, and no other mode becomes one or stops being one.
      rule: "(self.mode == 'cluster') == (oldSelf.mode == 'cluster') && (self.mode != 'cluster' || (self.instances == oldSelf.instances && self.clusterReplicas == oldSelf.clusterReplicas))",
      message:
        'cluster mode, its instances and clusterReplicas are fixed after creation (resharding is not automated)',
      fieldPath: '.mode',
    },
  ],
).meta({ description: 'A password-protected Redis with persistent volumes.' });

export type RedisInstanceSpec = z.output<typeof redisInstanceSchema>;

/** The base name of a RedisInstance's objects. */
export function redisInstanceName(name: string): string {
  return `redis-${name}`;
}

/**
 * `RedisInstance` (short name `redis`): a Redis users create in any namespace, rendered by the redis battery with
 * the same generator as its own instance (ADR "Redis instances"): StatefulSet, Services, configuration, a
 * generated password in `redis-<name>-password`, the exporter with victoria-metrics.
 */
export const redisInstance = defineInstance({
  kind: 'RedisInstance',
  plural: 'redisinstances',
  shortNames: ['redis'],
  battery: 'redis',
  description:
    'A Redis: standalone, a primary with replicas, that with Sentinel, or a Redis Cluster; growable volumes, size presets, a generated password, metrics.',
  schema: redisInstanceSchema,
  // `redis-<name>-sentinel` plus the StatefulSet revision suffix must stay within 63 characters.
  maxNameLength: 37,
  printerColumns: [
    {
      name: 'Mode',
      type: 'string',
      jsonPath: '.spec.mode',
      description: 'standalone, replication, sentinel or cluster.',
    },
    { name: 'Instances', type: 'integer', jsonPath: '.spec.instances', description: 'Redis servers.' },
    {
      name: 'Host',
      type: 'string',
      jsonPath: '.status.connection.host',
      description: 'The primary’s Service.',
    },
  ],
  credentialSecrets: (instance) => [`${redisInstanceName(instance.name)}-password`],
  secrets: (instance) => [
    {
      name: 'password',
      secret: {
        namespace: instance.namespace,
        name: `${redisInstanceName(instance.name)}-password`,
        key: 'password',
      },
      length: 32,
      alphabet: 'alphanumeric',
    },
  ],
  render: (scope, { instance, battery, secret }) => {
    const spec: RedisInstanceSpec = instance.spec;
    const name = redisInstanceName(instance.name);
    const resources = resolveResources(REDIS_PRESETS, spec.size, spec.resources);
    renderRedis(scope, {
      name,
      namespace: instance.namespace,
      mode: spec.mode,
      replicas: spec.instances,
      sentinels: spec.sentinels,
      clusterReplicas: spec.clusterReplicas,
      image: imageRef(spec.image),
      resources,
      storageSize: spec.storageSize ?? STORAGE_PRESETS[spec.size],
      maxmemoryBytes: resolveMaxmemory(undefined, resources),
      maxmemoryPolicy: spec.maxmemoryPolicy,
      appendonly: spec.appendonly,
      password: secret('password'),
      ...(spec.exporter.enabled && battery.isInstalled('victoria-metrics')
        ? {
            exporter: {
              image: imageRef(spec.exporter.image),
              resources: resolveResources(EXPORTER_PRESETS, spec.size, undefined),
            },
          }
        : {}),
      live: battery.live,
      origin: `RedisInstance ${instance.namespace}/${instance.name}; edit the RedisInstance`,
    });
    const host = `${name}.${instance.namespace}.svc`;
    return {
      connection: {
        host,
        port: String(REDIS_PORT),
        secret: `${name}-password`,
        ...(spec.mode === 'replication' ? { readHost: `${name}-replicas.${instance.namespace}.svc` } : {}),
        ...(spec.mode === 'cluster' ? { clusterNodes: String(spec.instances) } : {}),
        ...(spec.mode === 'sentinel'
          ? {
              sentinelHost: `${name}-sentinel.${instance.namespace}.svc`,
              sentinelPort: String(SENTINEL_PORT),
              masterName: name,
            }
          : {}),
      },
    };
  },
});
