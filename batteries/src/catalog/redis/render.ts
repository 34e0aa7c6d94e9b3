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
import type { KubeObject } from '../../model/kube-object.js';
import type { Resources } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import {
  AUTH_DIR,
  AUTH_KEY,
  CONFIG_DIR,
  CONFIG_KEY,
  DATA_DIR,
  REDIS_PORT,
  REDIS_USER_ID,
  SENTINEL_KEY,
  authConf,
  redisConf,
  sentinelConf,
} from './config.js';
import { quorum, renderClusterCreate, renderSentinels } from './topology.js';

/**
 * How the Redis servers of one instance relate: one server, a primary with replicas, that watched by Sentinel, or a
 * Redis Cluster (keys sharded over primaries, each with replicas).
 */
export type RedisMode = 'standalone' | 'replication' | 'sentinel' | 'cluster';

export const EXPORTER_PORT = 9121;

/** Everything `renderRedis` needs, resolved by the caller (the redis battery's own instance, or a RedisInstance). */
export interface RedisRenderProps {
  /** The base name of every object: `redis` for the battery's instance, `redis-<name>` for a RedisInstance. */
  readonly name: string;
  readonly namespace: string;
  readonly mode: RedisMode;
  /** Redis servers (pods): 1 for standalone; a primary and `replicas - 1` replicas otherwise. */
  readonly replicas: number;
  /** Replicas per primary, in `cluster` mode. @default 1 */
  readonly clusterReplicas?: number;
  /** Sentinel pods, in `sentinel` mode. */
  readonly sentinels?: number;
  /** `repository:tag` of the Redis image (also runs Sentinel). */
  readonly image: string;
  readonly resources: Resources;
  readonly storageSize: string;
  readonly maxmemoryBytes: number;
  readonly maxmemoryPolicy: string;
  readonly appendonly: boolean;
  readonly password: string;
  /** The exporter sidecar and its scraped Service, when asked and victoria-metrics is installed. */
  readonly exporter?: { readonly image: string; readonly resources: Resources };
  readonly live: (key: string) => KubeObject | undefined;
  /** Who generated the configuration, for its header line. @default the redis battery */
  readonly origin?: string;
}

/**
 * A password-protected Redis: the StatefulSet `<name>` (a growable `data` volume per pod), its configuration in the
 * ConfigMap `<name>-config`, the password in the Secret `<name>-password` (key `password`; `auth.conf` holds the
 * `requirepass` line, and `masterauth` when there are replicas), the Service `<name>` for clients (the primary, pod
 * 0, with replicas) and the headless Service `<name>-headless` for stable pod names. `replication` adds
 * `<name>-replicas` (every server, for reads); `sentinel` adds the Sentinel StatefulSet and Service
 * `<name>-sentinel` (port 26379, master name `<name>`). With an exporter, a redis_exporter sidecar serves metrics on
 * 9121 through the scraped Service `<name>-metrics`. Pure.
 */
export function renderRedis(scope: Construct, props: RedisRenderProps): void {
  const { name, namespace, mode } = props;
  const labels = selectorLabels(name);
  const hasReplicas = mode !== 'standalone';
  const secretName = `${name}-password`;
  const headlessName = `${name}-headless`;
  const primaryHost = `${name}-0.${headlessName}.${namespace}.svc`;

  new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name, namespace },
    automountServiceAccountToken: false,
  });
  const secret = new k8s.KubeSecret(scope, 'password', {
    metadata: { name: secretName, namespace },
    type: 'Opaque',
    stringData: {
      password: props.password,
      [AUTH_KEY]: authConf(props.password, hasReplicas),
      ...(mode === 'sentinel'
        ? { [SENTINEL_KEY]: sentinelConf(name, primaryHost, props.password, quorum(props.sentinels ?? 3)) }
        : {}),
    },
  });
  const config = new k8s.KubeConfigMap(scope, 'config', {
    metadata: { name: `${name}-config`, namespace },
    data: { [CONFIG_KEY]: redisConf(props, props.maxmemoryBytes, props.origin) },
  });

  const redisPort: k8s.ServicePort = {
    name: 'redis',
    port: REDIS_PORT,
    targetPort: k8s.IntOrString.fromString('redis'),
    protocol: 'TCP',
  };
  // With replicas, clients write to the primary: pod 0, which Sentinel may later replace (ask Sentinel then).
  // In a Redis Cluster every node answers (and redirects): the Service selects them all.
  const primarySelector =
    hasReplicas && mode !== 'cluster'
      ? { ...labels, 'statefulset.kubernetes.io/pod-name': `${name}-0` }
      : labels;
  new k8s.KubeService(scope, 'service', {
    metadata: { name, namespace },
    spec: { type: 'ClusterIP', selector: primarySelector, ports: [redisPort] },
  });
  new k8s.KubeService(scope, 'headless-service', {
    metadata: { name: headlessName, namespace },
    spec: { clusterIp: 'None', selector: labels, ports: [redisPort] },
  });
  if (hasReplicas && mode !== 'cluster') {
    new k8s.KubeService(scope, 'replicas-service', {
      metadata: { name: `${name}-replicas`, namespace },
      spec: { type: 'ClusterIP', selector: labels, ports: [redisPort] },
    });
  }
  if (props.exporter) {
    new k8s.KubeService(scope, 'metrics-service', {
      metadata: {
        name: `${name}-metrics`,
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

  const passwordEnv = (envName: string): k8s.EnvVar => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: secretName, key: 'password' } },
  });
  const configFile = `${CONFIG_DIR}/${CONFIG_KEY}`;
  const containers: k8s.Container[] = [
    {
      name: 'redis',
      image: props.image,
      imagePullPolicy: 'IfNotPresent',
      // Bypass the image's entrypoint script (it writes its own config); run the server on ours. Pods other than
      // 0 replicate from pod 0.
      ...(mode === 'cluster'
        ? {
            command: ['sh', '-c'],
            args: [
              `exec redis-server ${configFile} --cluster-announce-hostname "$(hostname).${headlessName}.${namespace}.svc"`,
            ],
          }
        : hasReplicas
          ? {
              command: ['sh', '-c'],
              args: [
                `if [ "\${HOSTNAME##*-}" = "0" ]; then exec redis-server ${configFile}; ` +
                  `else exec redis-server ${configFile} --replicaof ${primaryHost} ${REDIS_PORT}; fi`,
              ],
            }
          : { command: ['redis-server'], args: [configFile] }),
      // redis-cli reads the password from REDISCLI_AUTH, so the probe needs no password argument.
      env: [passwordEnv('REDISCLI_AUTH')],
      ports: [{ name: 'redis', containerPort: REDIS_PORT, protocol: 'TCP' }],
      volumeMounts: [
        { name: 'data', mountPath: DATA_DIR },
        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
        { name: 'auth', mountPath: AUTH_DIR, readOnly: true },
      ],
      resources: containerResources(props.resources),
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
  if (props.exporter) {
    containers.push({
      name: 'redis-exporter',
      image: props.exporter.image,
      imagePullPolicy: 'IfNotPresent',
      env: [
        { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${REDIS_PORT}` },
        passwordEnv('REDIS_PASSWORD'),
        { name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${EXPORTER_PORT}` },
      ],
      ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, protocol: 'TCP' }],
      resources: containerResources(props.exporter.resources),
      readinessProbe: httpProbe('/health', 'metrics'),
      livenessProbe: httpProbe('/health', 'metrics', { initialDelaySeconds: 15 }),
      securityContext: restrictedSecurityContext(),
    });
  }

  const dataClaim = growableVolumeClaim(scope, {
    claimName: 'data',
    statefulSet: name,
    namespace,
    replicas: props.replicas,
    size: props.storageSize,
    labels,
    live: props.live,
  });
  new k8s.KubeStatefulSet(scope, 'statefulset', {
    metadata: { name, namespace },
    spec: {
      serviceName: headlessName,
      replicas: props.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(REDIS_USER_ID),
          // Give Redis time to write its final RDB snapshot on shutdown.
          terminationGracePeriodSeconds: 60,
          containers,
          volumes: [
            { name: 'config', configMap: { name: config.name } },
            { name: 'auth', secret: { secretName: secret.name, items: [{ key: AUTH_KEY, path: AUTH_KEY }] } },
          ],
        },
      },
      volumeClaimTemplates: [dataClaim],
    },
  });

  if (mode === 'sentinel') renderSentinels(scope, props, secretName);
  if (mode === 'cluster') renderClusterCreate(scope, props, secretName, headlessName);
}
