import {
  batteryObjects,
  findObject,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { parse } from 'yaml';
import { z } from 'zod';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import { lokiUrl } from './endpoints.js';
import { lokiSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

interface Port {
  name: string;
  port?: number;
  containerPort?: number;
}
interface StatefulSetSpec {
  replicas: number;
  serviceName: string;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      containers: Array<{
        image: string;
        args: string[];
        ports: Port[];
        readinessProbe: { httpGet: { path: string; port: string } };
        livenessProbe: { httpGet: { path: string; port: string } };
        resources: { requests: Record<string, string>; limits: Record<string, string> };
        volumeMounts: Array<{ name: string; mountPath: string }>;
      }>;
      volumes: Array<{ name: string; configMap?: { name: string } }>;
    };
  };
  volumeClaimTemplates: Array<{
    metadata: { name: string };
    spec: { resources: { requests: { storage: string } } };
  }>;
}
interface ServiceSpec {
  clusterIP?: string;
  selector: Record<string, string>;
  ports: Port[];
}
const statefulSet = (objects: KubeObject[]) =>
  findObject(objects, 'StatefulSet', 'loki').spec as StatefulSetSpec;
const service = (objects: KubeObject[], name: string) =>
  findObject(objects, 'Service', name).spec as ServiceSpec;
const lokiConfig = (objects: KubeObject[]) =>
  parse((findObject(objects, 'ConfigMap', 'loki-config').data as Record<string, string>)['config.yaml']!) as {
    auth_enabled: boolean;
    common: { replication_factor: number; instance_addr: string; ring: { kvstore: { store: string } } };
    schema_config: { configs: Array<{ store: string; schema: string; object_store: string }> };
    limits_config: { retention_period: string };
    compactor: { retention_enabled: boolean };
    memberlist?: { join_members: string[] };
  };

describe('loki battery', () => {
  it('generates single-binary Loki with defaults', () => {
    const objects = batteryObjects('loki', { core: {}, loki: {} });
    expectGolden(objects, golden('default'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/loki-config',
      'Service/loki',
      'Service/loki-headless',
      'ServiceAccount/loki',
      'StatefulSet/loki',
    ]);
    expect(objects.every((o) => o.metadata.namespace === 'battery-core')).toBe(true);
    expect(findObject(objects, 'ServiceAccount', 'loki').automountServiceAccountToken).toBe(false);

    const sts = statefulSet(objects);
    const container = sts.template.spec.containers[0]!;
    expect(sts.replicas).toBe(1);
    expect(sts.serviceName).toBe('loki-headless');
    expect(container.image).toBe('grafana/loki:3.6.2');
    expect(container.args).toContain('-config.file=/etc/loki/config.yaml');
    expect(container.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['http', 3100],
      ['grpc', 9095],
    ]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.volumeMounts.map((m) => m.mountPath)).toEqual(['/var/loki', '/etc/loki', '/tmp']);
    expect(sts.template.spec.volumes.find((v) => v.name === 'config')?.configMap?.name).toBe('loki-config');
    expect(sts.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('10Gi');
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '1024Mi' },
      limits: { memory: '2048Mi' },
    });
    expect(sts.selector.matchLabels).toEqual(sts.template.metadata.labels);
  });

  it('serves the API on Services whose selectors match the pods', () => {
    const objects = batteryObjects('loki', { core: {}, loki: {} });
    const podLabels = statefulSet(objects).template.metadata.labels;
    const client = service(objects, 'loki');
    expect(client.selector).toEqual(podLabels);
    expect(client.ports.map((p) => [p.name, p.port])).toEqual([
      ['http', 3100],
      ['grpc', 9095],
    ]);
    expect(findObject(objects, 'Service', 'loki').metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '3100',
    });
    const headless = service(objects, 'loki-headless');
    expect(headless.clusterIP).toBe('None');
    expect(headless.selector).toEqual(podLabels);
    expect(lokiUrl({ core: 'battery-core' })).toBe('http://loki.battery-core.svc:3100');
  });

  it('configures filesystem storage, the v13 TSDB schema and retention', () => {
    const config = lokiConfig(batteryObjects('loki', { core: {}, loki: {} }));
    expect(config.auth_enabled).toBe(false);
    expect(config.schema_config.configs).toEqual([
      expect.objectContaining({ store: 'tsdb', schema: 'v13', object_store: 'filesystem' }),
    ]);
    expect(config.limits_config.retention_period).toBe('30d');
    expect(config.compactor.retention_enabled).toBe(true);
    expect(config.common.ring.kvstore.store).toBe('inmemory');
    expect(config.common.replication_factor).toBe(1);
    expect(config.memberlist).toBeUndefined();
  });

  it('joins several replicas into one memberlist ring', () => {
    const spec = {
      image: { repository: 'mirror.example.com/loki', tag: '3.6.3' },
      replicas: 3,
      replicationFactor: 2,
      retentionPeriod: '4w',
      storageSize: '20Gi',
    };
    const objects = batteryObjects('loki', { core: { defaultSize: 'large' }, loki: spec });
    expectGolden(objects, golden('custom'));

    const sts = statefulSet(objects);
    expect(sts.replicas).toBe(3);
    expect(sts.template.spec.containers[0]!.image).toBe('mirror.example.com/loki:3.6.3');
    expect(sts.template.spec.containers[0]!.ports.map((p) => p.name)).toEqual(['http', 'grpc', 'memberlist']);
    expect(sts.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('20Gi');
    expect(service(objects, 'loki-headless').ports.map((p) => p.name)).toEqual([
      'http',
      'grpc',
      'memberlist',
    ]);
    expect(service(objects, 'loki').ports.map((p) => p.name)).toEqual(['http', 'grpc']);

    const config = lokiConfig(objects);
    expect(config.common.ring.kvstore.store).toBe('memberlist');
    expect(config.common.replication_factor).toBe(2);
    expect(config.limits_config.retention_period).toBe('4w');
    expect(config.memberlist?.join_members).toEqual([
      'dns+loki-headless.battery-core.svc.cluster.local:7946',
    ]);
  });

  it('grows every replica volume through explicit claims', () => {
    const live: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'loki', namespace: 'battery-core' },
      spec: {
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } },
        ],
      },
    };
    const objects = batteryObjects('loki', { core: {}, loki: { replicas: 2, storageSize: '15Gi' } }, [live]);
    expect(statefulSet(objects).volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('10Gi');
    const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => c.metadata.name)).toEqual(['data-loki-0', 'data-loki-1']);
    expect(
      claims.map(
        (c) => (c.spec as { resources: { requests: { storage: string } } }).resources.requests.storage,
      ),
    ).toEqual(['15Gi', '15Gi']);
  });

  it.each([
    ['replicas', { replicas: 0 }],
    ['replicas', { replicas: 99 }],
    ['replicas', { replicas: 1.5 }],
    ['replicationFactor', { replicas: 2, replicationFactor: 3 }],
    ['retentionPeriod', { retentionPeriod: '36h' }],
    ['storageSize', { storageSize: '10 GB' }],
  ])('rejects an invalid %s, failing only this battery', (field, spec) => {
    const result = generate(testSnapshot({ core: {}, loki: spec }));
    const loki = result.batteries.find((b) => b.type === 'loki')!;
    expect(loki).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(loki.status === 'failed' && loki.message).toContain(`spec.${field}`);
    expect(result.batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });

  it('accepts 1 to 98 replicas', () => {
    expect(lokiSchema.safeParse({ replicas: 98, replicationFactor: 3 }).success).toBe(true);
    expect(lokiSchema.safeParse({ replicas: 1 }).success).toBe(true);
  });

  it('has a schema that converts into a structural CRD schema, with the replication rule in CEL', () => {
    expect(crdSchemaProblems(lokiSchema)).toEqual([]);
    const json = z.toJSONSchema(lokiSchema, { target: 'openapi-3.0', io: 'input' }) as Record<
      string,
      unknown
    >;
    expect(json['x-kubernetes-validations']).toEqual([
      expect.objectContaining({
        rule: 'self.replicationFactor <= self.replicas',
        message: 'must not exceed replicas: each replica of a stream needs its own pod',
        fieldPath: '.replicationFactor',
      }),
    ]);
  });
});
