import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  containerResources,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
  tcpProbe,
} from '../../kit/workload.js';
import {
  AUTH_DIR,
  DATA_DIR,
  REDIS_PORT,
  REDIS_USER_ID,
  SENTINEL_KEY,
  SENTINEL_PORT,
  clusterCreateScript,
} from './config.js';
import type { RedisRenderProps } from './render.js';

/**
 * The Job `<name>-cluster-create` that forms the Redis Cluster once every node answers (`clusterCreateScript`). Its
 * spec depends only on the nodes, which cannot change in cluster mode, so it is never rewritten.
 */
export function renderClusterCreate(
  scope: Construct,
  props: RedisRenderProps,
  secretName: string,
  headlessName: string,
): void {
  const { name, namespace } = props;
  const hosts = Array.from(
    { length: props.replicas },
    (_, ordinal) => `${name}-${ordinal}.${headlessName}.${namespace}.svc:${REDIS_PORT}`,
  );
  new k8s.KubeJob(scope, 'cluster-create', {
    metadata: { name: `${name}-cluster-create`, namespace },
    spec: {
      backoffLimit: 20,
      template: {
        metadata: { labels: selectorLabels(`${name}-cluster-create`) },
        spec: {
          restartPolicy: 'OnFailure',
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(REDIS_USER_ID),
          containers: [
            {
              name: 'cluster-create',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c'],
              args: [clusterCreateScript(hosts, props.clusterReplicas ?? 1)],
              env: [
                { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: secretName, key: 'password' } } },
              ],
              resources: containerResources({
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { memory: '64Mi' },
              }),
              securityContext: restrictedSecurityContext(),
            },
          ],
        },
      },
    },
  });
}

/** A majority of the Sentinels agrees that the primary is down before a failover. */
export function quorum(sentinels: number): number {
  return Math.floor(sentinels / 2) + 1;
}

/**
 * Sentinel: a StatefulSet `<name>-sentinel` and its Service. Sentinel rewrites its configuration file, so each pod
 * copies it from the Secret into a writable volume before starting.
 */
export function renderSentinels(scope: Construct, props: RedisRenderProps, secretName: string): void {
  const { namespace } = props;
  const name = `${props.name}-sentinel`;
  const labels = selectorLabels(name);
  const port: k8s.ServicePort = {
    name: 'sentinel',
    port: SENTINEL_PORT,
    targetPort: k8s.IntOrString.fromString('sentinel'),
    protocol: 'TCP',
  };
  new k8s.KubeService(scope, 'sentinel-service', {
    metadata: { name, namespace },
    spec: { type: 'ClusterIP', selector: labels, ports: [port] },
  });
  new k8s.KubeStatefulSet(scope, 'sentinel', {
    metadata: { name, namespace },
    spec: {
      serviceName: name,
      replicas: props.sentinels ?? 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: props.name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(REDIS_USER_ID),
          containers: [
            {
              name: 'sentinel',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c'],
              args: [
                `cp ${AUTH_DIR}/${SENTINEL_KEY} ${DATA_DIR}/${SENTINEL_KEY} && exec redis-server ${DATA_DIR}/${SENTINEL_KEY} --sentinel`,
              ],
              ports: [{ name: 'sentinel', containerPort: SENTINEL_PORT, protocol: 'TCP' }],
              volumeMounts: [
                { name: 'data', mountPath: DATA_DIR },
                { name: 'auth', mountPath: AUTH_DIR, readOnly: true },
              ],
              resources: containerResources({
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { memory: '128Mi' },
              }),
              readinessProbe: tcpProbe('sentinel'),
              livenessProbe: { ...tcpProbe('sentinel'), initialDelaySeconds: 15 },
              securityContext: restrictedSecurityContext(),
            },
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            {
              name: 'auth',
              secret: { secretName, items: [{ key: SENTINEL_KEY, path: SENTINEL_KEY }] },
            },
          ],
        },
      },
    },
  });
}
