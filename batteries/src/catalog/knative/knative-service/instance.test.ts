import {
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
  testInstanceSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../../generate.js';
import type { KubeObject } from '../../../model/kube-object.js';
import type { SnapshotInstance } from '../../../model/instance.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { knativeServiceSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const PLATFORM = { core: {}, knative: {}, 'cloudnative-pg': {} };

function ksvc(namespace: string, name: string, spec: unknown): SnapshotInstance {
  return { kind: 'KnativeService', namespace, name, spec };
}
const HELLO = ksvc('team-a', 'hello', {
  containers: [{ name: 'hello', image: 'ghcr.io/knative/helloworld-go:latest' }],
  ports: [{ name: 'http', number: 8080, protocol: 'http' }],
  env: [
    { name: 'TARGET', value: 'world' },
    { name: 'PGHOST', fromPostgres: { cluster: 'orders', user: 'app', key: 'host' } },
  ],
  maxScale: 5,
  targetConcurrency: 20,
  project: 'shop',
});
const ORDERS: SnapshotInstance = {
  kind: 'PostgresCluster',
  namespace: 'team-a',
  name: 'orders',
  spec: { users: [{ username: 'app' }] },
};

function rendered(snapshot: Snapshot, type = 'KnativeService/team-a/hello') {
  const found = generate(snapshot).instances.find((r) => r.type === type);
  if (!found) throw new Error(`no result for ${type}`);
  if (found.status !== 'generated') throw new Error(found.message);
  return found;
}

describe('KnativeService', () => {
  it('renders a serving.knative.dev/v1 Service with the autoscaling and rollout annotations', () => {
    const hello = rendered(testInstanceSnapshot(PLATFORM, [HELLO, ORDERS]));
    expectGolden(hello.objects, golden('hello'));
    expect(objectNames(hello.objects)).toEqual(['Service/team-a/hello']);
    const service = findObject(hello.objects, 'Service', 'hello');
    expect(service.apiVersion).toBe('serving.knative.dev/v1');
    expect(service.metadata.annotations).toMatchObject({ 'serving.knative.dev/rollout-duration': '10m' });
    expect(service.metadata.labels['networking.knative.dev/visibility']).toBeUndefined();
    const template = service.spec.template;
    expect(template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/min-scale': '0',
      'autoscaling.knative.dev/max-scale': '5',
      'autoscaling.knative.dev/target': '20',
    });
    expect(template.metadata.labels).toMatchObject({ 'batteriesincl.com/project': 'shop' });
    expect(template.spec.containers).toEqual([
      {
        name: 'hello',
        image: 'ghcr.io/knative/helloworld-go:latest',
        ports: [{ name: 'http1', containerPort: 8080 }],
        env: [
          { name: 'TARGET', value: 'world' },
          {
            name: 'PGHOST',
            valueFrom: { secretKeyRef: { name: 'cloudnative-pg.pg-orders.app', key: 'host' } },
          },
        ],
      },
    ]);
    // A credential change is a template change: Knative makes a new revision.
    expect(template.metadata.annotations['batteriesincl.com/config-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(hello.connection).toEqual({ url: 'http://hello.team-a.webapp.127-0-0-1.sslip.io' });
    expect(hello.problems).toEqual([]);
  });

  it('keeps a pod when it may not scale to zero, and stays cluster-local when kubeInternal', () => {
    const warm = rendered(
      testInstanceSnapshot(PLATFORM, [
        ksvc('team-a', 'warm', {
          containers: [{ name: 'app', image: 'app:1' }],
          scaleToZero: false,
          kubeInternal: true,
          rolloutDuration: '90s',
        }),
      ]),
      'KnativeService/team-a/warm',
    );
    const service = findObject(warm.objects, 'Service', 'warm');
    expect(service.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
    expect(service.metadata.annotations['serving.knative.dev/rollout-duration']).toBe('90s');
    expect(service.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(service.spec.template.metadata.annotations['autoscaling.knative.dev/max-scale']).toBeUndefined();
    expect(warm.connection).toEqual({ url: 'http://warm.team-a.svc.cluster.local' });
  });

  it("reports the URL Knative gives it once it has one, under the battery's domain", () => {
    const live: KubeObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'team-a' },
      status: { url: 'http://hello.team-a.apps.example.com' },
    };
    const snapshot = testInstanceSnapshot(
      { ...PLATFORM, knative: { domain: 'apps.example.com' } },
      [HELLO, ORDERS],
      [live],
    );
    expect(rendered(snapshot).connection).toEqual({ url: 'http://hello.team-a.apps.example.com' });
    const before = testInstanceSnapshot({ ...PLATFORM, knative: { domain: 'apps.example.com' } }, [
      HELLO,
      ORDERS,
    ]);
    expect(rendered(before).connection).toEqual({ url: 'http://hello.team-a.apps.example.com' });
  });

  it('may not take the hostname of a traditional service of the same name and namespace', () => {
    const snapshot = testInstanceSnapshot({ ...PLATFORM, 'traditional-services': {} }, [
      HELLO,
      ORDERS,
      {
        kind: 'TraditionalService',
        namespace: 'team-a',
        name: 'hello',
        spec: { containers: [{ name: 'c', image: 'c:1' }], ports: [{ name: 'http', number: 80 }] },
      },
    ]);
    const hello = rendered(snapshot);
    expect(hello.problems).toEqual([
      {
        reason: 'HostnameTaken',
        message:
          'metadata.name: "hello.team-a.webapp.127-0-0-1.sslip.io" is already the hostname of hello.team-a.webapp (TraditionalService/team-a/hello); choose another hostname',
      },
    ]);
    // Refused hosts are not published: the Knative Service stays cluster-local until the clash is resolved.
    expect(findObject(hello.objects, 'Service').metadata.labels['networking.knative.dev/visibility']).toBe(
      'cluster-local',
    );
  });

  it.each([
    [
      { minScale: 2 },
      'spec.minScale: must be 0 while scaleToZero is true; set scaleToZero false to keep pods',
    ],
    [
      { scaleToZero: false, minScale: 3, maxScale: 2 },
      // The shared rule's fixed message: the API server refuses a messageExpression quoting the numbers (its
      // estimated size has no bound).
      'spec.maxScale: must be 0 (no limit) or at least minScale',
    ],
    [
      {
        ports: [
          { name: 'a', number: 80 },
          { name: 'b', number: 81 },
        ],
      },
      'spec.ports',
    ],
    [
      { ports: [{ name: 'raw', number: 9000, protocol: 'tcp' }] },
      'spec.ports.0.protocol: must be http or http2',
    ],
    [{ rolloutDuration: 'ten minutes' }, 'spec.rolloutDuration'],
    [
      {
        env: [
          { name: 'X', value: 'a' },
          { name: 'X', value: 'b' },
        ],
      },
      'env: each name may appear once',
    ],
    [{ containers: [] }, 'spec.containers'],
  ])('refuses %j, naming the field', (extra, message) => {
    const snapshot = testInstanceSnapshot(PLATFORM, [
      ksvc('team-a', 'bad', { containers: [{ name: 'c', image: 'c:1' }], ...extra }),
    ]);
    const failed = generate(snapshot).instances.find((r) => r.type === 'KnativeService/team-a/bad')!;
    expect(failed).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(failed.status === 'failed' && failed.message).toContain(message);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(knativeServiceSchema)).toEqual([]);
  });
});
