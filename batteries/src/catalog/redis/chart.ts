import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { growableVolumeClaim } from '../../kit/volume-claims.js';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
  tcpProbe,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { parseQuantity } from '../../schema/quantity.js';
import { resolveResources, scaledPresets, type Resources } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import {
  AUTH_DIR,
  AUTH_KEY,
  CONFIG_DIR,
  CONFIG_KEY,
  DATA_DIR,
  REDIS_PORT,
  authConf,
  redisConf,
} from './config.js';
import { passwordSecret } from './secrets.js';
import { DEFAULT_MAXMEMORY_FRACTION, STORAGE_PRESETS, type RedisSpec } from './schema.js';

/** Redis container resources per platform size; medium is a quarter core and 512 MiB (limit 1 GiB). */
export const REDIS_PRESETS = scaledPresets({ cpu: 0.25, memoryMi: 512 });
/** redis_exporter resources per platform size; medium is 20m and 64 MiB. */
export const EXPORTER_PRESETS = scaledPresets({ cpu: 0.02, memoryMi: 64 });

/** The image's `redis` user and group; the data volume is group-owned by it. */
const USER_ID = 1000;
const EXPORTER_PORT = 9121;
const NAME = 'redis';

/**
 * A standalone Redis in the data namespace: the StatefulSet `redis` (one replica, a growable `data`
 * volume), its configuration in the ConfigMap `redis-config`, the generated password in the Secret
 * `redis-password` (key `password`), the Service `redis` (port 6379, `redis`) for clients and the
 * headless Service `redis-headless` for the pod's stable DNS name. With victoria-metrics installed (and
 * the exporter enabled) a redis_exporter sidecar serves metrics on 9121 through the scraped Service
 * `redis-metrics`.
 */
export class RedisChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<RedisSpec>) {
    super(scope, 'redis');
    const { spec, settings } = props;
    const namespace = settings.namespaces.data;
    const labels = selectorLabels(NAME);
    const secretRef = passwordSecret(namespace);
    const withExporter = spec.exporter.enabled && props.isInstalled('victoria-metrics');

    const resources = resolveResources(REDIS_PRESETS, settings.defaultSize, spec.resources);
    const maxmemoryBytes = resolveMaxmemory(spec, resources);

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });

    const password = props.secret('password');
    const secret = new k8s.KubeSecret(this, 'password', {
      metadata: { name: secretRef.name, namespace },
      type: 'Opaque',
      stringData: { [secretRef.key]: password, [AUTH_KEY]: authConf(password) },
    });
    const config = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${NAME}-config`, namespace },
      data: { [CONFIG_KEY]: redisConf(spec, maxmemoryBytes) },
    });

    const redisPort: k8s.ServicePort = {
      name: 'redis',
      port: REDIS_PORT,
      targetPort: k8s.IntOrString.fromString('redis'),
      protocol: 'TCP',
    };
    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace },
      spec: { type: 'ClusterIP', selector: labels, ports: [redisPort] },
    });
    const headlessName = `${NAME}-headless`;
    new k8s.KubeService(this, 'headless-service', {
      metadata: { name: headlessName, namespace },
      spec: { clusterIp: 'None', selector: labels, ports: [redisPort] },
    });
    if (withExporter) {
      new k8s.KubeService(this, 'metrics-service', {
        metadata: {
          name: `${NAME}-metrics`,
          namespace,
          annotations: scrapeAnnotations({ port: EXPORTER_PORT }),
        },
        spec: {
          type: 'ClusterIP',
          selector: labels,
          ports: [
            {
              name: 'metrics',
              port: EXPORTER_PORT,
              targetPort: k8s.IntOrString.fromString('metrics'),
              protocol: 'TCP',
            },
          ],
        },
      });
    }

    const passwordEnv = (name: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: secretRef.name, key: secretRef.key } },
    });
    const containers: k8s.Container[] = [
      {
        name: 'redis',
        image: imageRef(spec.image),
        imagePullPolicy: 'IfNotPresent',
        // Bypass the image's entrypoint script (it writes its own config); run the server on ours.
        command: ['redis-server'],
        args: [`${CONFIG_DIR}/${CONFIG_KEY}`],
        // redis-cli reads the password from REDISCLI_AUTH, so the probe needs no password argument.
        env: [passwordEnv('REDISCLI_AUTH')],
        ports: [{ name: 'redis', containerPort: REDIS_PORT, protocol: 'TCP' }],
        volumeMounts: [
          { name: 'data', mountPath: DATA_DIR },
          { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
          { name: 'auth', mountPath: AUTH_DIR, readOnly: true },
        ],
        resources: containerResources(resources),
        // Ready once it answers PING (not while it is still loading the dataset: that replies LOADING).
        readinessProbe: {
          exec: { command: ['sh', '-c', `redis-cli -h 127.0.0.1 -p ${REDIS_PORT} ping | grep -q PONG`] },
          initialDelaySeconds: 5,
          periodSeconds: 10,
          timeoutSeconds: 5,
          failureThreshold: 6,
        },
        // Alive while it accepts connections, so loading a large dataset does not get it restarted.
        livenessProbe: { ...tcpProbe('redis'), initialDelaySeconds: 30 },
        securityContext: restrictedSecurityContext(),
      },
    ];
    if (withExporter) {
      containers.push({
        name: 'redis-exporter',
        image: imageRef(spec.exporter.image),
        imagePullPolicy: 'IfNotPresent',
        env: [
          { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${REDIS_PORT}` },
          passwordEnv('REDIS_PASSWORD'),
          { name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${EXPORTER_PORT}` },
        ],
        ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, protocol: 'TCP' }],
        resources: containerResources(
          resolveResources(EXPORTER_PRESETS, settings.defaultSize, spec.exporter.resources),
        ),
        readinessProbe: httpProbe('/health', 'metrics'),
        livenessProbe: httpProbe('/health', 'metrics', { initialDelaySeconds: 15 }),
        securityContext: restrictedSecurityContext(),
      });
    }

    const replicas = 1;
    const dataClaim = growableVolumeClaim(this, {
      claimName: 'data',
      statefulSet: NAME,
      namespace,
      replicas,
      size: spec.storageSize ?? STORAGE_PRESETS[settings.defaultSize],
      labels,
      live: props.live,
    });

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: NAME, namespace },
      spec: {
        serviceName: headlessName,
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID),
            // Give Redis time to write its final RDB snapshot on shutdown.
            terminationGracePeriodSeconds: 60,
            containers,
            volumes: [
              { name: 'config', configMap: { name: config.name } },
              {
                name: 'auth',
                secret: { secretName: secret.name, items: [{ key: AUTH_KEY, path: AUTH_KEY }] },
              },
            ],
          },
        },
        volumeClaimTemplates: [dataClaim],
      },
    });
  }
}

/**
 * `maxmemory` in bytes: the spec's value, else a share of the container's memory limit. A value above the
 * limit would let the kernel kill Redis before it evicts or refuses writes, so it is an error.
 */
function resolveMaxmemory(spec: RedisSpec, resources: Resources): number {
  const limit = parseQuantity(resources.limits.memory);
  if (spec.maxmemory === undefined) return Math.floor(limit * DEFAULT_MAXMEMORY_FRACTION);
  const bytes = Math.floor(parseQuantity(spec.maxmemory));
  if (bytes > limit) {
    throw new RangeError(
      `spec.maxmemory: ${spec.maxmemory} exceeds the Redis container's memory limit ${resources.limits.memory}; ` +
        'lower spec.maxmemory or raise spec.resources.limits.memory',
    );
  }
  return bytes;
}
