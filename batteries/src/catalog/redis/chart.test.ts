import {
  batteryObjects,
  findObject,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { redisSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('redis battery', () => {
  it('generates a standalone Redis with defaults', () => {
    const objects = batteryObjects('redis', { core: {}, redis: {} });
    expectGolden(objects, golden('default'));

    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/redis-config',
      'Secret/redis-password',
      'Service/redis',
      'Service/redis-headless',
      'ServiceAccount/redis',
      'StatefulSet/redis',
    ]);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['battery-data']));

    const set = findObject(objects, 'StatefulSet', 'redis');
    const pod = set.spec.template.spec;
    expect(set.spec.selector.matchLabels).toEqual(set.spec.template.metadata.labels);
    expect(set.spec.serviceName).toBe('redis-headless');
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['redis']);
    const redis = pod.containers[0];
    expect(redis.image).toBe('quay.io/opstree/redis:v8.4.0');
    expect(redis.ports).toEqual([{ name: 'redis', containerPort: 6379, protocol: 'TCP' }]);
    expect(redis.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { memory: '1024Mi' },
    });
    expect(redis.readinessProbe.exec.command.join(' ')).toContain('ping');
    expect(redis.livenessProbe.tcpSocket.port).toBe('redis');
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000, runAsNonRoot: true });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('8Gi');

    for (const name of ['redis', 'redis-headless']) {
      const service = findObject(objects, 'Service', name);
      expect(service.spec.selector).toEqual(set.spec.template.metadata.labels);
      expect(service.spec.ports).toEqual([
        { name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' },
      ]);
    }
    expect(findObject(objects, 'Service', 'redis-headless').spec.clusterIP).toBe('None');
    // The configuration changes roll the pod.
    expect(set.spec.template.metadata.annotations['batteriesincl.com/config-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the password in the Secret the operator reads back, never in the ConfigMap', () => {
    const snapshot = testSnapshot({ core: {}, redis: {} });
    const password = snapshot.secretMaterial['redis/password']!;
    const objects = batteryObjects('redis', { core: {}, redis: {} });
    const secret = findObject(objects, 'Secret', 'redis-password');
    expect(secret.stringData).toEqual({ password, 'auth.conf': `requirepass ${password}\n` });

    const conf: string = findObject(objects, 'ConfigMap', 'redis-config').data['redis.conf'];
    expect(conf).not.toContain(password);
    expect(conf).toContain('include /etc/redis/auth/auth.conf');
    // 75% of the 1024Mi limit.
    expect(conf).toContain(`maxmemory ${0.75 * 1024 * 2 ** 20}\n`);
    expect(conf).toContain('maxmemory-policy noeviction\n');
    expect(conf).toContain('appendonly yes\n');
    expect(conf).toContain('dir /data\n');
  });

  it('asks Prepare for the password at the Secret the chart writes', () => {
    const snapshot = testSnapshot({ core: { namespaces: { data: 'stores' } }, redis: {} });
    expect(snapshot.secretMaterial['redis/password']).toHaveLength(32);
    const objects = batteryObjects('redis', { core: { namespaces: { data: 'stores' } }, redis: {} });
    const secret = findObject(objects, 'Secret', 'redis-password');
    expect(secret.metadata.namespace).toBe('stores');
    expect(Object.keys(secret.stringData)).toContain('password');
  });

  it('adds the exporter sidecar and a scraped Service only when victoria-metrics is installed', () => {
    const spec = {
      image: { repository: 'docker.io/library/redis', tag: '8.4.0' },
      storageSize: '20Gi',
      resources: { requests: { cpu: '1' }, limits: { memory: '4Gi' } },
      maxmemory: '3Gi',
      maxmemoryPolicy: 'allkeys-lru',
      appendonly: false,
    };
    const objects = batteryObjects('redis', {
      core: { defaultSize: 'small' },
      redis: spec,
      'victoria-metrics': {},
    });
    expectGolden(objects, golden('custom'));

    const set = findObject(objects, 'StatefulSet', 'redis');
    const [redis, exporter] = set.spec.template.spec.containers;
    expect(redis.image).toBe('docker.io/library/redis:8.4.0');
    expect(redis.resources).toEqual({ requests: { cpu: '1', memory: '256Mi' }, limits: { memory: '4Gi' } });
    expect(exporter.image).toBe('quay.io/opstree/redis-exporter:v1.80.1');
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9121, protocol: 'TCP' }]);
    expect(exporter.env).toContainEqual({
      name: 'REDIS_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'redis-password', key: 'password' } },
    });
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');

    const metrics = findObject(objects, 'Service', 'redis-metrics');
    expect(metrics.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9121',
      'prometheus.io/path': '/metrics',
    });
    expect(metrics.spec.selector).toEqual(set.spec.template.metadata.labels);

    const conf: string = findObject(objects, 'ConfigMap', 'redis-config').data['redis.conf'];
    expect(conf).toContain(`maxmemory ${3 * 2 ** 30}\n`);
    expect(conf).toContain('maxmemory-policy allkeys-lru\n');
    expect(conf).toContain('appendonly no\n');

    const disabled = batteryObjects('redis', {
      core: {},
      redis: { exporter: { enabled: false } },
      'victoria-metrics': {},
    });
    expect(disabled.some((o) => o.metadata.name === 'redis-metrics')).toBe(false);
    expect(findObject(disabled, 'StatefulSet', 'redis').spec.template.spec.containers).toHaveLength(1);
  });

  it('follows the platform size for volume and resources', () => {
    const objects = batteryObjects('redis', { core: { defaultSize: 'large' }, redis: {} });
    const set = findObject(objects, 'StatefulSet', 'redis');
    expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('32Gi');
    expect(set.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '500m',
      memory: '1024Mi',
    });
  });

  it('rejects an unknown eviction policy, naming the field, without blocking other batteries', () => {
    const { batteries, objects } = generate(testSnapshot({ core: {}, redis: { maxmemoryPolicy: 'lru' } }));
    const result = batteries.find((b) => b.type === 'redis')!;
    expect(result).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(result.status === 'failed' && result.message).toContain('spec.maxmemoryPolicy');
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/battery'] === 'redis')).toBe(false);
  });

  it('rejects unknown fields and malformed sizes, naming the field', () => {
    const unknown = generate(testSnapshot({ core: {}, redis: { password: 'x' } })).batteries.find(
      (b) => b.type === 'redis',
    )!;
    expect(unknown.status === 'failed' && unknown.message).toContain('password');
    const size = generate(testSnapshot({ core: {}, redis: { storageSize: '10 GB' } })).batteries.find(
      (b) => b.type === 'redis',
    )!;
    expect(size.status === 'failed' && size.message).toContain('spec.storageSize');
    const negative = generate(testSnapshot({ core: {}, redis: { maxmemory: '-1Gi' } })).batteries.find(
      (b) => b.type === 'redis',
    )!;
    expect(negative.status === 'failed' && negative.message).toContain(
      'spec.maxmemory: must not be negative',
    );
  });

  it('refuses a maxmemory above the memory limit', () => {
    const { batteries } = generate(testSnapshot({ core: {}, redis: { maxmemory: '2Gi' } }));
    const result = batteries.find((b) => b.type === 'redis')!;
    expect(result).toMatchObject({ status: 'failed', reason: 'GeneratorError' });
    expect(result.status === 'failed' && result.message).toContain('spec.maxmemory: 2Gi exceeds');
  });

  it('grows the live volume instead of editing the immutable claim template', () => {
    const live = [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'redis', namespace: 'battery-data' },
        spec: {
          volumeClaimTemplates: [
            { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '8Gi' } } } },
          ],
        },
      },
    ];
    const result = generate(testSnapshot({ core: {}, redis: { storageSize: '16Gi' } }, live)).batteries.find(
      (b) => b.type === 'redis',
    )!;
    const objects = result.status === 'generated' ? result.objects : [];
    expect(
      findObject(objects, 'StatefulSet', 'redis').spec.volumeClaimTemplates[0].spec.resources.requests
        .storage,
    ).toBe('8Gi');
    expect(findObject(objects, 'PersistentVolumeClaim', 'data-redis-0').spec.resources.requests.storage).toBe(
      '16Gi',
    );
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(redisSchema)).toEqual([]);
  });
});
