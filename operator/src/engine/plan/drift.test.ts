import type { KubeObject } from '@batteries-included/batteries';
import { findDrift } from './drift.js';

const HASH = 'batteriesincl.com/hash';
// Tests reach into objects the way `kubectl edit` does, without a type for every kind.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A StatefulSet as the redis battery generates it (trimmed), with the spellings the server rewrites. */
function desiredStatefulSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'redis',
      namespace: 'battery-data',
      labels: { 'app.kubernetes.io/managed-by': 'batteries-included', 'batteriesincl.com/battery': 'redis' },
      annotations: { [HASH]: 'h1' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      serviceName: 'redis-headless',
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'redis' }, annotations: {} },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'redis',
              image: 'quay.io/opstree/redis:v8.4.0',
              args: ['/etc/redis/conf/redis.conf'],
              env: [
                {
                  name: 'REDISCLI_AUTH',
                  valueFrom: { secretKeyRef: { key: 'password', name: 'redis-password' } },
                },
              ],
              ports: [{ containerPort: 6379, name: 'redis', protocol: 'TCP' }],
              livenessProbe: { tcpSocket: { port: 'redis' }, initialDelaySeconds: 30, periodSeconds: 10 },
              resources: { limits: { memory: '1024Mi', cpu: 2 }, requests: { cpu: '250m', memory: '512Mi' } },
              volumeMounts: [
                { mountPath: '/data', name: 'data', readOnly: false },
                { mountPath: '/etc/redis/conf', name: 'config', readOnly: true },
              ],
            },
            { name: 'exporter', image: 'oliver006/redis_exporter:v1.62.0', ports: [{ containerPort: 9121 }] },
          ],
          volumes: [{ name: 'config', configMap: { name: 'redis-config' } }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        },
      ],
    },
  };
}

/**
 * What the API server returns for it: defaults filled in, quantities canonical, empty values dropped,
 * status and server metadata added, plus a label and an annotation someone else set.
 */
function liveStatefulSet(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'redis',
      namespace: 'battery-data',
      uid: '5b0c1b8e-0f7e-4a51-9d43-0c4a1c2f9a11',
      resourceVersion: '48213',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      labels: {
        'app.kubernetes.io/managed-by': 'batteries-included',
        'batteriesincl.com/battery': 'redis',
        'team.example.com/owner': 'data',
      },
      annotations: { [HASH]: 'h1', 'kubectl.kubernetes.io/restartedAt': '2026-01-02T00:00:00Z' },
      managedFields: [{ manager: 'batteries-included', operation: 'Apply', apiVersion: 'apps/v1' }],
    },
    spec: {
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
      serviceName: 'redis-headless',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      template: {
        metadata: { creationTimestamp: null, labels: { 'app.kubernetes.io/name': 'redis' } },
        spec: {
          automountServiceAccountToken: false,
          // The server keeps the order we sent; someone reordered them with kubectl edit.
          containers: [
            {
              name: 'exporter',
              image: 'oliver006/redis_exporter:v1.62.0',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 9121, protocol: 'TCP' }],
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
            {
              name: 'redis',
              image: 'quay.io/opstree/redis:v8.4.0',
              imagePullPolicy: 'IfNotPresent',
              args: ['/etc/redis/conf/redis.conf'],
              env: [
                { name: 'EXTRA', value: 'added by someone else' },
                {
                  name: 'REDISCLI_AUTH',
                  valueFrom: { secretKeyRef: { key: 'password', name: 'redis-password' } },
                },
              ],
              ports: [{ containerPort: 6379, name: 'redis', protocol: 'TCP' }],
              livenessProbe: {
                tcpSocket: { port: 'redis' },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                failureThreshold: 3,
                successThreshold: 1,
                timeoutSeconds: 1,
              },
              resources: { limits: { memory: '1Gi', cpu: '2' }, requests: { cpu: '250m', memory: '512Mi' } },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              volumeMounts: [
                { mountPath: '/etc/redis/conf', name: 'config', readOnly: true },
                { mountPath: '/data', name: 'data' },
              ],
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
          volumes: [{ name: 'config', configMap: { name: 'redis-config', defaultMode: 420 } }],
        },
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { creationTimestamp: null, name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '10Gi' } },
            volumeMode: 'Filesystem',
          },
          status: { phase: 'Pending' },
        },
      ],
    },
    status: { replicas: 1, readyReplicas: 1, currentRevision: 'redis-7d9f', observedGeneration: 3 },
  };
}

/** Applies an out-of-band edit to a copy of the live object, like `kubectl edit` would. */
function edited(edit: (live: Loose) => void): KubeObject {
  const live = liveStatefulSet();
  edit(live);
  return live;
}

describe('findDrift', () => {
  it('does not count server defaults, status, managedFields, canonical quantities or others’ labels', () => {
    expect(findDrift(desiredStatefulSet(), liveStatefulSet())).toEqual([]);
  });

  it('reports a kubectl edit of a container image at the container’s name, not its index', () => {
    const live = edited((o) => (o.spec.template.spec.containers[1].image = 'redis:latest'));
    expect(findDrift(desiredStatefulSet(), live)).toEqual([
      'spec.template.spec.containers[name=redis].image',
    ]);
  });

  it('reports a scaled replica count', () => {
    const live = edited((o) => (o.spec.replicas = 3));
    expect(findDrift(desiredStatefulSet(), live)).toEqual(['spec.replicas']);
  });

  it('reports a label we set that was changed, and one that was removed', () => {
    const live = edited((o) => {
      o.metadata.labels['batteriesincl.com/battery'] = 'something-else';
      delete o.spec.template.metadata.labels['app.kubernetes.io/name'];
    });
    expect(findDrift(desiredStatefulSet(), live)).toEqual([
      'metadata.labels["batteriesincl.com/battery"]',
      'spec.template.metadata.labels["app.kubernetes.io/name"]',
    ]);
  });

  it('does not count reordered containers, env vars, mounts or ports', () => {
    const live = edited((o) => {
      const redis = o.spec.template.spec.containers[1];
      redis.env.reverse();
      redis.volumeMounts.reverse();
      o.spec.template.spec.containers.reverse();
    });
    expect(findDrift(desiredStatefulSet(), live)).toEqual([]);
  });

  it('reports a removed container, env var and volume mount by their keys', () => {
    const live = edited((o) => {
      const [exporter, redis] = o.spec.template.spec.containers;
      redis.env = redis.env.filter((env: { name: string }) => env.name !== 'REDISCLI_AUTH');
      redis.volumeMounts = redis.volumeMounts.filter(
        (mount: { mountPath: string }) => mount.mountPath !== '/data',
      );
      o.spec.template.spec.containers = [redis];
      void exporter;
    });
    expect(findDrift(desiredStatefulSet(), live)).toEqual([
      'spec.template.spec.containers[name=redis].env[name=REDISCLI_AUTH]',
      'spec.template.spec.containers[name=redis].volumeMounts[mountPath=/data]',
      'spec.template.spec.containers[name=exporter]',
    ]);
  });

  it('matches ports by containerPort with protocol defaulting to TCP, and reports a changed port', () => {
    const live = edited((o) => (o.spec.template.spec.containers[0].ports[0].containerPort = 9122));
    expect(findDrift(desiredStatefulSet(), live)).toEqual([
      'spec.template.spec.containers[name=exporter].ports[containerPort=9121]',
    ]);
  });

  it('reports a changed quantity, but not a respelled one', () => {
    const respelled = edited((o) => {
      const resources = o.spec.template.spec.containers[1].resources;
      resources.limits = { memory: '1073741824', cpu: '2000m' };
      resources.requests = { cpu: '0.25', memory: '0.5Gi' };
    });
    expect(findDrift(desiredStatefulSet(), respelled)).toEqual([]);
    const changed = edited((o) => (o.spec.template.spec.containers[1].resources.limits.memory = '2Gi'));
    expect(findDrift(desiredStatefulSet(), changed)).toEqual([
      'spec.template.spec.containers[name=redis].resources.limits.memory',
    ]);
  });

  it('reports an atomic list that gained or changed an item', () => {
    const appended = edited((o) => o.spec.template.spec.containers[1].args.push('--loglevel', 'debug'));
    expect(findDrift(desiredStatefulSet(), appended)).toEqual([
      'spec.template.spec.containers[name=redis].args',
    ]);
    const changed = edited((o) => (o.spec.template.spec.containers[1].args[0] = '/tmp/other.conf'));
    expect(findDrift(desiredStatefulSet(), changed)).toEqual([
      'spec.template.spec.containers[name=redis].args[0]',
    ]);
  });

  it('reports a struct that was replaced, even though an empty struct was desired', () => {
    const desired = desiredStatefulSet() as Loose;
    desired.spec.template.spec.volumes.push({ name: 'scratch', emptyDir: {} });
    const live = edited((o) =>
      o.spec.template.spec.volumes.push({ name: 'scratch', hostPath: { path: '/tmp' } }),
    );
    expect(findDrift(desired, live)).toEqual(['spec.template.spec.volumes[name=scratch].emptyDir']);
  });

  it('reports the missing hash annotation and never the server-set metadata', () => {
    const live = edited((o) => {
      delete o.metadata.annotations[HASH];
      o.metadata.resourceVersion = '99999';
    });
    expect(findDrift(desiredStatefulSet(), live)).toEqual(['metadata.annotations["batteriesincl.com/hash"]']);
  });

  it('reports a spec the live object lost entirely as one path', () => {
    const live = edited((o) => delete o.spec);
    expect(findDrift(desiredStatefulSet(), live)).toEqual(['spec']);
  });
});

describe('findDrift on Secrets', () => {
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'redis-password', namespace: 'battery-data', annotations: { [HASH]: 'h2' } },
    type: 'Opaque',
    stringData: { password: 'hunter2-ünïcode', 'auth.conf': 'requirepass hunter2\n' },
  };
  const stored = (password: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'redis-password', namespace: 'battery-data', annotations: { [HASH]: 'h2' }, uid: 'u' },
    type: 'Opaque',
    data: { password, 'auth.conf': 'cmVxdWlyZXBhc3MgaHVudGVyMgo=' },
  });

  it('compares stringData with the base64 data the server stores it as', () => {
    expect(findDrift(secret, stored('aHVudGVyMi3DvG7Dr2NvZGU='))).toEqual([]);
  });

  it('names the changed key, never the value', () => {
    const drift = findDrift(secret, stored('Y2hhbmdlZA=='));
    expect(drift).toEqual(['data.password']);
    expect(drift.join()).not.toMatch(/hunter2|Y2hhbmdlZA|aHVudGVy/);
  });
});

describe('findDrift normalizations', () => {
  const service = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'dns', namespace: 'battery-core' },
    spec,
  });

  it('keys Service ports by port and protocol, so TCP and UDP on one port are told apart', () => {
    const desired = service({
      ports: [
        { name: 'dns-tcp', port: 53, targetPort: 5353 },
        { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 5353 },
      ],
    });
    const live = service({
      ports: [
        { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: '5353' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5354 },
      ],
    });
    expect(findDrift(desired, live)).toEqual(['spec.ports[port=53].targetPort']);
  });

  it('takes int-or-string 80 and "80" as equal, and a named port as different', () => {
    const desired = service({ ports: [{ port: 80, targetPort: 8080 }] });
    expect(
      findDrift(desired, service({ ports: [{ port: 80, protocol: 'TCP', targetPort: '8080' }] })),
    ).toEqual([]);
    expect(
      findDrift(desired, service({ ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }] })),
    ).toEqual(['spec.ports[port=80].targetPort']);
  });

  it('matches zero values and empty maps against the absent fields the server drops', () => {
    const desired = service({
      publishNotReadyAddresses: false,
      healthCheckNodePort: 0,
      selector: {},
      ports: [],
    });
    expect(findDrift(desired, service({ type: 'ClusterIP' }))).toEqual([]);
    expect(findDrift(desired, service({ publishNotReadyAddresses: true }))).toEqual([
      'spec.publishNotReadyAddresses',
    ]);
  });

  it('treats finalizers as a set others may add to', () => {
    const withFinalizers = (finalizers: string[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'battery-data', finalizers },
    });
    const desired = withFinalizers(['batteriesincl.com/keep']);
    expect(findDrift(desired, withFinalizers(['kubernetes', 'batteriesincl.com/keep']))).toEqual([]);
    expect(findDrift(desired, withFinalizers(['kubernetes']))).toEqual(['metadata.finalizers']);
  });

  it('compares quantities in LimitRange items and ResourceQuota hard limits by amount', () => {
    const limitRange = (max: unknown, hard: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace: 'battery-ai' },
      spec: { limits: [{ type: 'Container', max: { cpu: max }, default: { memory: '1G' } }], hard },
    });
    expect(findDrift(limitRange(4, { pods: '10' }), limitRange('4', { pods: 10 }))).toEqual([]);
    expect(findDrift(limitRange('4000m', {}), limitRange('3', {}))).toEqual(['spec.limits[0].max.cpu']);
  });

  it('does not treat quantity-looking strings outside quantity positions as quantities', () => {
    const configMap = (value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'battery-core' },
      data: { 'max-memory': value },
    });
    expect(findDrift(configMap('1024Mi'), configMap('1Gi'))).toEqual(['data.max-memory']);
  });
});
