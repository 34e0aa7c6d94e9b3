import {
  allPasses,
  eventually,
  provisionLikeCnpg,
  runPsql as psql,
  startPlatform,
  startPostgres,
  type Platform,
  type TestPostgres,
} from '@batteries-included/operator/testing';
import { startBundleServer } from '../bundles/testing/bundle-server.js';
import { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';
import type { RunningOperator } from '../operator.js';
import type { Store } from '../store/store.js';

const GROUP = 'batteries.batteriesincl.com/v1alpha1';

const PLATFORM = `
apiVersion: ${GROUP}
kind: CoreBattery
metadata: {name: core}
spec: {}
---
apiVersion: ${GROUP}
kind: CloudnativePgBattery
metadata: {name: cloudnative-pg}
spec: {}
`;

function postgresCluster(namespace: string, name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: GROUP, kind: 'PostgresCluster', metadata: { namespace, name }, spec });
}

const ORDERS_SPEC = {
  size: 'tiny',
  storage: { size: '1Gi' },
  users: [
    { username: 'app', roles: ['login', 'createdb'] },
    { username: 'reader', roles: ['login'], credentialNamespaces: ['team-b'] },
  ],
  database: { name: 'orders', owner: 'app' },
};

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/**
 * PostgresCluster end to end on a real control plane with CloudNativePG's real CRDs (from the bundle its battery
 * installs, served by a local mirror): the operator renders the CNPG Cluster and credential Secrets, writes the
 * instance's status, refuses what admission must refuse, honours credential grants against RBAC, and keeps the
 * data when the instance is deleted. Nothing runs CloudNativePG's controller here (kwok fakes pods only), so the
 * credentials are proven against a real PostgreSQL server set up the way CloudNativePG's managed roles would.
 */
describe('PostgresCluster instances', () => {
  let platform: Platform;
  let store: Store;
  let operator: RunningOperator;
  let postgres: TestPostgres | undefined;
  const kubectl = (args: string[], input?: string) => platform.kubectl(args, input);
  const getJson = (args: string[]) => platform.kubectl.json(args);
  const slow = { timeoutMs: 150_000, intervalMs: 500 };
  const secretData = async (namespace: string, name: string): Promise<Record<string, string>> => {
    const secret = await getJson(['-n', namespace, 'get', 'secret', name]);
    return Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    );
  };
  const ready = async (namespace: string, name: string) => {
    const object = await getJson(['-n', namespace, 'get', 'postgrescluster', name]).catch(() => undefined);
    return (object?.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
  };

  beforeAll(async () => {
    const files = await upstreamReleaseFiles();
    platform = await startPlatform({ operator: false });
    const server = await startBundleServer(files);
    platform.defer(() => server.close());
    store = await platform.openStore();
    operator = await platform.startOperator({ bundleMirror: server.url, store });
    await kubectl(['create', 'namespace', 'team-a']);
    await kubectl(['create', 'namespace', 'team-b']);
    await kubectl(['apply', '--server-side', '-f', '-'], PLATFORM);
  }, 180_000);

  afterAll(async () => {
    await postgres?.stop();
    await platform?.stop();
  }, 60_000);

  it('renders a CNPG Cluster and one credential Secret per user, and reports the instance Ready with its connection', async () => {
    await kubectl(['apply', '--server-side', '-f', '-'], postgresCluster('team-a', 'orders', ORDERS_SPEC));
    const cluster = await eventually(
      'the CNPG Cluster pg-orders',
      () =>
        getJson(['-n', 'team-a', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']).catch(() => undefined),
      slow,
    );
    expect(cluster.spec).toMatchObject({ instances: 1, storage: { size: '1Gi' } });
    expect(cluster.metadata.labels).toMatchObject({
      'batteriesincl.com/instance-kind': 'PostgresCluster',
      'batteriesincl.com/instance-namespace': 'team-a',
      'batteriesincl.com/instance': 'orders',
    });
    expect(cluster.spec.managed.roles.map((r: { name: string }) => r.name)).toEqual(['app', 'reader']);
    const app = await secretData('team-a', 'cloudnative-pg.pg-orders.app');
    expect(app).toMatchObject({ username: 'app', host: 'pg-orders-rw.team-a.svc', database: 'orders' });
    expect(app.password).toHaveLength(32);

    // No grant in team-b yet: nothing written there, and the status says what is missing.
    const notReady = await eventually('the missing grant on the status', async () => {
      const condition = await ready('team-a', 'orders');
      return condition?.reason === 'CredentialGrantMissing' ? condition : undefined;
    });
    expect(notReady.message).toContain('namespace team-b does not accept credentials from namespace team-a');
    await expect(
      kubectl(['-n', 'team-b', 'get', 'secret', 'cloudnative-pg.pg-orders.reader']),
    ).rejects.toThrow(/NotFound/);
    const status = (await getJson(['-n', 'team-a', 'get', 'pg', 'orders'])).status;
    expect(status.connection).toMatchObject({
      host: 'pg-orders-rw.team-a.svc',
      port: '5432',
      database: 'orders',
    });
    expect(JSON.stringify(status)).not.toContain(app.password);

    // The pass that rendered it was triggered by the instance and recorded its objects.
    const passes = await allPasses(store);
    expect(passes.some((pass) => pass.trigger.includes('instance:PostgresCluster/team-a/orders'))).toBe(true);
  }, 200_000);

  it('writes credentials into team-b once team-b grants team-a; a user allowed only in team-a cannot grant it', async () => {
    // alice may manage PostgresClusters in team-a and nothing in team-b.
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'Role',
            metadata: { namespace: 'team-a', name: 'pg-admin' },
            rules: [
              {
                apiGroups: ['batteries.batteriesincl.com'],
                resources: ['postgresclusters', 'credentialgrants'],
                verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
              },
            ],
          },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'RoleBinding',
            metadata: { namespace: 'team-a', name: 'alice-pg-admin' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pg-admin' },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
          },
        ],
      }),
    );
    const asAlice = (args: string[], input?: string) => kubectl(['--as=alice', ...args], input);
    await asAlice(
      ['apply', '--server-side', '-f', '-'],
      postgresCluster('team-a', 'mine', {
        size: 'tiny',
        users: [{ username: 'sneaky', credentialNamespaces: ['team-b'] }],
      }),
    );
    await expect(
      asAlice(
        ['apply', '--server-side', '-f', '-'],
        JSON.stringify({
          apiVersion: GROUP,
          kind: 'CredentialGrant',
          metadata: { namespace: 'team-b', name: 'allow-team-a' },
          spec: { fromNamespaces: ['team-a'] },
        }),
      ),
    ).rejects.toThrow(/forbidden/i);
    await eventually('alice’s cluster reported without a grant', async () =>
      (await ready('team-a', 'mine'))?.reason === 'CredentialGrantMissing' ? true : undefined,
    );
    await expect(kubectl(['-n', 'team-b', 'get', 'secret', 'cloudnative-pg.pg-mine.sneaky'])).rejects.toThrow(
      /NotFound/,
    );

    // team-b's owner grants team-a: both clusters' reader Secrets arrive.
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: GROUP,
        kind: 'CredentialGrant',
        metadata: { namespace: 'team-b', name: 'allow-team-a' },
        spec: { fromNamespaces: ['team-a'] },
      }),
    );
    const copy = await eventually('the reader Secret in team-b', () =>
      secretData('team-b', 'cloudnative-pg.pg-orders.reader').catch(() => undefined),
    );
    expect(copy).toEqual(await secretData('team-a', 'cloudnative-pg.pg-orders.reader').then(withoutVersions));
    await eventually('orders Ready is no longer held by a grant', async () =>
      (await ready('team-a', 'orders'))?.reason !== 'CredentialGrantMissing' ? true : undefined,
    );
    await asAlice(['-n', 'team-a', 'delete', 'postgrescluster', 'mine']);
  }, 200_000);

  it('connects to a real PostgreSQL with the DSN and URI of the generated Secrets, roles set up as CloudNativePG would', async () => {
    postgres = await startPostgres({ privateServer: true });
    const admin = new URL(postgres.databaseUrl);
    const cluster = await getJson(['-n', 'team-a', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']);
    // What CloudNativePG does for managed roles and initdb: CREATE ROLE with the options and the Secret's password,
    // then the database owned by its owner, with scram-sha-256 over TCP.
    await provisionLikeCnpg(postgres, cluster, async (name) => (await secretData('team-a', name)).password!);

    const local = (text: string) =>
      text
        .replaceAll('pg-orders-rw.team-a.svc', admin.hostname)
        .replaceAll(':5432/', `:${admin.port}/`)
        .replace('port=5432', `port=${admin.port}`);
    const reader = await secretData('team-b', 'cloudnative-pg.pg-orders.reader');
    expect(await psql(local(reader.dsn!), "SELECT current_user || ' ' || current_database()")).toBe(
      'reader orders',
    );
    const app = await secretData('team-a', 'cloudnative-pg.pg-orders.app');
    expect(
      await psql(local(app.uri!), 'CREATE TABLE t (x int); INSERT INTO t VALUES (42); SELECT x FROM t'),
    ).toBe('42');
    // A wrong password is refused: the Secret's password is what makes it work.
    await expect(psql(local(reader.dsn!).replace(reader.password!, 'wrong'), 'SELECT 1')).rejects.toThrow(
      /password authentication failed/,
    );
  }, 120_000);

  it('grows the Cluster’s volume, and refuses a shrink at admission naming the field', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      postgresCluster('team-a', 'orders', { ...ORDERS_SPEC, storage: { size: '2Gi' } }),
    );
    await eventually('the Cluster’s volume at 2Gi', async () => {
      const cluster = await getJson(['-n', 'team-a', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']);
      return cluster.spec.storage.size === '2Gi' ? true : undefined;
    });
    await expect(
      kubectl(
        ['apply', '--server-side', '-f', '-'],
        postgresCluster('team-a', 'orders', { ...ORDERS_SPEC, storage: { size: '1Gi' } }),
      ),
    ).rejects.toThrow(/spec\.storage\.size.*may not shrink/s);
    await expect(
      kubectl(
        ['apply', '--server-side', '-f', '-'],
        postgresCluster('team-a', 'orders', {
          ...ORDERS_SPEC,
          users: [{ username: 'app', roles: ['sudo'] }],
        }),
      ),
    ).rejects.toThrow(/spec\.users\[0\]\.roles\[0\].*Unsupported value: "sudo"/s);
  }, 60_000);

  it('renders a second cluster in another namespace without touching the first', async () => {
    const before = await resourceVersions('team-a');
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      postgresCluster('team-b', 'orders', { size: 'tiny', users: [{ username: 'app' }] }),
    );
    await eventually('the second Cluster', () =>
      getJson(['-n', 'team-b', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']).catch(() => undefined),
    );
    await eventually('the second cluster’s status', async () =>
      (await ready('team-b', 'orders')) ? true : undefined,
    );
    expect(await resourceVersions('team-a')).toEqual(before);
  }, 60_000);

  it('writes nothing in a pass where nothing changed: no object, no instance status', async () => {
    // One pass to settle what the last test started, then compare versions across one more pass.
    operator.requestPass('test: settle');
    await operator.nextPass();
    const versions = async () => ({
      ...(await resourceVersions('team-a')),
      ...(await resourceVersions('team-b')),
      instances: (await getJson(['get', 'pg', '-A'])).items
        .map((o: { metadata: { resourceVersion: string } }) => o.metadata.resourceVersion)
        .join(','),
    });
    const before = await versions();
    operator.requestPass('test: no-op');
    expect(await operator.nextPass()).toMatchObject({ kind: 'done' });
    expect(await versions()).toEqual(before);
  }, 90_000);

  it('prunes a deleted instance’s Secrets and keeps its Cluster (and so its volumes), labelled orphaned', async () => {
    const cluster = await getJson(['-n', 'team-b', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']);
    // The claim CloudNativePG would create, owned by the Cluster: deleting the Cluster would take it along.
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          namespace: 'team-b',
          name: 'pg-orders-1',
          ownerReferences: [
            {
              apiVersion: 'postgresql.cnpg.io/v1',
              kind: 'Cluster',
              name: 'pg-orders',
              uid: cluster.metadata.uid,
            },
          ],
        },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      }),
    );
    await kubectl(['-n', 'team-b', 'delete', 'postgrescluster', 'orders']);
    await eventually('the Secret pruned', async () =>
      (await kubectl(['-n', 'team-b', 'get', 'secret', 'cloudnative-pg.pg-orders.app']).catch(
        () => 'gone',
      )) === 'gone'
        ? true
        : undefined,
    );
    const kept = await eventually('the Cluster labelled orphaned', async () => {
      const live = await getJson(['-n', 'team-b', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']);
      return live.metadata.labels?.['batteriesincl.com/orphaned'] ? live : undefined;
    });
    expect(kept.metadata.uid).toBe(cluster.metadata.uid);
    expect((await getJson(['-n', 'team-b', 'get', 'pvc', 'pg-orders-1'])).metadata.name).toBe('pg-orders-1');
    // team-a's cluster is untouched.
    expect((await getJson(['-n', 'team-a', 'get', 'pg', 'orders'])).metadata.name).toBe('orders');
  }, 60_000);

  async function resourceVersions(namespace: string): Promise<Record<string, string>> {
    const list = await getJson([
      '-n',
      namespace,
      'get',
      'secrets,clusters.postgresql.cnpg.io',
      '-l',
      'batteriesincl.com/instance',
    ]);
    return Object.fromEntries(
      list.items.map((o: { kind: string; metadata: { name: string; resourceVersion: string } }) => [
        `${o.kind}/${o.metadata.name}`,
        o.metadata.resourceVersion,
      ]),
    );
  }
});

function withoutVersions(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !/^password-v\d+$/.test(key)));
}
