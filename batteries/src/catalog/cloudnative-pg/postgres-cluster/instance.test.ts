import {
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
  testInstanceSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../../generate.js';
import { secretRequests } from '../../../secret-material.js';
import type { SnapshotInstance } from '../../../model/instance.js';
import { postgresClusterSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const PLATFORM = { core: {}, 'cloudnative-pg': {} };

function cluster(namespace: string, name: string, spec: unknown): SnapshotInstance {
  return { kind: 'PostgresCluster', namespace, name, spec };
}
function grant(namespace: string, fromNamespaces: string[]): SnapshotInstance {
  return { kind: 'CredentialGrant', namespace, name: 'allow', spec: { fromNamespaces } };
}

const ORDERS = cluster('team-a', 'orders', {
  instances: 2,
  size: 'tiny',
  users: [
    { username: 'app', roles: ['login', 'createdb'] },
    { username: 'reader', credentialNamespaces: ['team-b'] },
  ],
  database: { name: 'orders', owner: 'app' },
});

function instanceResult(snapshot: ReturnType<typeof testInstanceSnapshot>, type: string) {
  const result = generate(snapshot).instances.find((r) => r.type === type);
  if (!result) throw new Error(`no result for ${type}`);
  return result;
}

describe('PostgresCluster', () => {
  it('renders a CNPG Cluster with managed roles and one credential Secret per user, labelled with the instance', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [ORDERS, grant('team-b', ['team-a'])]);
    const result = instanceResult(snapshot, 'PostgresCluster/team-a/orders');
    if (result.status !== 'generated') throw new Error(result.message);
    expectGolden(result.objects, golden('orders'));
    expect(objectNames(result.objects)).toEqual([
      'Cluster/team-a/pg-orders',
      'Secret/team-a/cloudnative-pg.pg-orders.app',
      'Secret/team-a/cloudnative-pg.pg-orders.reader',
      'Secret/team-b/cloudnative-pg.pg-orders.reader',
    ]);
    for (const object of result.objects)
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'batteries-included',
        'batteriesincl.com/battery': 'cloudnative-pg',
        'batteriesincl.com/instance-kind': 'PostgresCluster',
        'batteriesincl.com/instance-namespace': 'team-a',
        'batteriesincl.com/instance': 'orders',
      });
    const pg = findObject(result.objects, 'Cluster', 'pg-orders');
    expect(pg.spec).toMatchObject({
      instances: 2,
      storage: { size: '512Mi' },
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      bootstrap: {
        initdb: { database: 'orders', owner: 'app', secret: { name: 'cloudnative-pg.pg-orders.app' } },
      },
    });
    expect(pg.spec.managed.roles).toEqual([
      expect.objectContaining({ name: 'app', login: true, createdb: true, superuser: false }),
      expect.objectContaining({ name: 'reader', login: true, createdb: false }),
    ]);
    const password = snapshot.secretMaterial['PostgresCluster/team-a/orders/user-reader-v1']!;
    expect(password).toHaveLength(32);
    const copy = findObject(
      result.objects.filter((o) => o.metadata.namespace === 'team-b'),
      'Secret',
      'cloudnative-pg.pg-orders.reader',
    );
    expect(copy.stringData).toMatchObject({
      username: 'reader',
      password,
      host: 'pg-orders-rw.team-a.svc',
      port: '5432',
      database: 'orders',
      uri: `postgresql://reader:${password}@pg-orders-rw.team-a.svc:5432/orders?sslmode=prefer`,
    });
    // Only the cluster's own namespace keeps the versioned keys Prepare reads back.
    expect(copy.stringData['password-v1']).toBeUndefined();
    expect(result.connection).toEqual({
      cluster: 'pg-orders',
      host: 'pg-orders-rw.team-a.svc',
      port: '5432',
      database: 'orders',
      secrets: 'cloudnative-pg.pg-orders.app,cloudnative-pg.pg-orders.reader',
    });
    expect(result.problems).toEqual([]);
    // The battery's own result does not count the instance's objects.
    const battery = generate(snapshot).batteries.find((b) => b.type === 'cloudnative-pg')!;
    expect(battery.status === 'generated' && objectNames(battery.objects)).not.toContain(
      'Cluster/team-a/pg-orders',
    );
  });

  it('writes no credentials into a namespace that has not granted it, and names the missing grant', () => {
    const result = instanceResult(testInstanceSnapshot(PLATFORM, [ORDERS]), 'PostgresCluster/team-a/orders');
    if (result.status !== 'generated') throw new Error(result.message);
    expect(result.objects.some((o) => o.metadata.namespace === 'team-b')).toBe(false);
    expect(result.problems).toEqual([
      {
        reason: 'CredentialGrantMissing',
        message: expect.stringContaining(
          'namespace team-b does not accept credentials from namespace team-a: a CredentialGrant in team-b with spec.fromNamespaces [team-a]',
        ),
      },
    ]);
    // A grant for another namespace does not count.
    const other = instanceResult(
      testInstanceSnapshot(PLATFORM, [ORDERS, grant('team-b', ['team-c'])]),
      'PostgresCluster/team-a/orders',
    );
    expect(other.status === 'generated' && other.problems.map((p) => p.reason)).toEqual([
      'CredentialGrantMissing',
    ]);
  });

  it('renders nothing without the cloudnative-pg battery and says how to install it', () => {
    const snapshot = testInstanceSnapshot({ core: {} }, [ORDERS]);
    const { instances, objects } = generate(snapshot);
    expect(instances.find((r) => r.type === 'PostgresCluster/team-a/orders')).toMatchObject({
      status: 'dependencies-unmet',
      missing: ['cloudnative-pg'],
      message:
        'PostgresCluster/team-a/orders: requires the cloudnative-pg battery, which is not installed; install with: bi battery install cloudnative-pg',
    });
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/instance'])).toBe(false);
    expect(secretRequests(snapshot).some((r) => r.instance)).toBe(false);
  });

  it('fails only the invalid instance, naming field and value', () => {
    const bad = cluster('team-a', 'broken', { users: [{ username: 'app', roles: ['login', 'sudo'] }] });
    const snapshot = testInstanceSnapshot(PLATFORM, [ORDERS, bad]);
    const { instances, batteries } = generate(snapshot);
    const broken = instances.find((r) => r.type === 'PostgresCluster/team-a/broken')!;
    expect(broken).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(broken.status === 'failed' && broken.message).toContain('spec.users.0.roles.1');
    expect(broken.status === 'failed' && broken.message).toContain('"sudo"');
    expect(instances.find((r) => r.type === 'PostgresCluster/team-a/orders')?.status).toBe('generated');
    expect(batteries.every((b) => b.status === 'generated')).toBe(true);
  });

  it.each([
    [{ users: [{ username: 'Bad User' }] }, 'spec.users.0.username'],
    [{ users: [{ username: 'postgres' }] }, 'reserved by CloudNativePG'],
    [{ users: [{ username: 'app' }, { username: 'app' }] }, 'each username may appear once'],
    [
      { users: [{ username: 'app' }], database: { name: 'db', owner: 'other' } },
      'database.owner must be one of the users',
    ],
    [{ instances: 0 }, 'spec.instances'],
    [{ storage: { size: 'big' } }, 'spec.storage.size'],
  ])('refuses %j', (spec, message) => {
    const result = instanceResult(
      testInstanceSnapshot(PLATFORM, [cluster('team-a', 'x', spec)]),
      'PostgresCluster/team-a/x',
    );
    expect(result.status === 'failed' && result.message).toContain(message);
  });

  it('refuses a name too long for the Services CloudNativePG derives from it', () => {
    const name = 'a'.repeat(51);
    const result = instanceResult(
      testInstanceSnapshot(PLATFORM, [cluster('team-a', name, {})]),
      `PostgresCluster/team-a/${name}`,
    );
    expect(result).toMatchObject({ status: 'failed', reason: 'InvalidName' });
  });

  it('rotates a password: the new version in password, the previous one kept beside it', () => {
    const rotated = cluster('team-a', 'orders', { users: [{ username: 'app', passwordVersion: 2 }] });
    const snapshot = testInstanceSnapshot(PLATFORM, [rotated]);
    const v1 = snapshot.secretMaterial['PostgresCluster/team-a/orders/user-app-v1']!;
    const v2 = snapshot.secretMaterial['PostgresCluster/team-a/orders/user-app-v2']!;
    const result = instanceResult(snapshot, 'PostgresCluster/team-a/orders');
    if (result.status !== 'generated') throw new Error(result.message);
    const secret = findObject(result.objects, 'Secret', 'cloudnative-pg.pg-orders.app');
    expect(secret.stringData).toMatchObject({
      password: v2,
      'password-v2': v2,
      'password-v1': v1,
      'previous-password': v1,
      'password-version': '2',
    });
    expect(
      secretRequests(snapshot)
        .filter((r) => r.instance)
        .map((r) => r.secret),
    ).toEqual([
      { namespace: 'team-a', name: 'cloudnative-pg.pg-orders.app', key: 'password-v1' },
      { namespace: 'team-a', name: 'cloudnative-pg.pg-orders.app', key: 'password-v2' },
    ]);
  });

  it('follows the size preset, overridden field by field', () => {
    const spec = { size: 'medium', storage: { size: '100Gi' }, resources: { limits: { memory: '12Gi' } } };
    const result = instanceResult(
      testInstanceSnapshot(PLATFORM, [cluster('team-a', 'orders', spec)]),
      'PostgresCluster/team-a/orders',
    );
    if (result.status !== 'generated') throw new Error(result.message);
    expect(findObject(result.objects, 'Cluster').spec).toMatchObject({
      storage: { size: '100Gi' },
      resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '4', memory: '12Gi' } },
    });
  });

  it('adds a scraped metrics Service when victoria-metrics is installed', () => {
    const result = instanceResult(
      testInstanceSnapshot({ ...PLATFORM, 'victoria-metrics': {} }, [ORDERS]),
      'PostgresCluster/team-a/orders',
    );
    if (result.status !== 'generated') throw new Error(result.message);
    const service = findObject(result.objects, 'Service', 'pg-orders-metrics');
    expect(service.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9187',
    });
    expect(service.spec.selector).toEqual({ 'cnpg.io/cluster': 'pg-orders' });
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(postgresClusterSchema)).toEqual([]);
  });
});
