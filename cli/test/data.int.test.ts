// `bi postgres` and `bi redis` against a real control plane with CloudNativePG's real CRDs (from the bundle its
// battery installs, served by a local release host), through the operator's API (in this process, on a socket):
// create with the main flags, refuse bad input naming the field, list, show connection information (values only
// with --show-password), and delete keeping the data.
import {
  eventually,
  startBundleServer,
  startPlatform,
  upstreamReleaseFiles,
  type BundleServer,
  type OperatorPlatform,
} from '@batteries-included/operator/testing';
import { runBi, type BiResult } from '@batteries-included/cli/testing';

describe('bi postgres and bi redis', () => {
  let platform: OperatorPlatform;
  let releases: BundleServer;
  let env: NodeJS.ProcessEnv;
  const bi = (args: string[]) => runBi(args, { env, timeoutMs: 60_000 });
  const json = (result: BiResult) => {
    if (result.code !== 0) throw new Error(`bi exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const secretValue = async (name: string, key: string) => {
    const secret = await platform.kubectl.json(['-n', 'orders', 'get', 'secret', name]);
    return Buffer.from((secret.data as Record<string, string>)[key]!, 'base64').toString('utf8');
  };
  const slow = { timeoutMs: 150_000, intervalMs: 500 };

  beforeAll(async () => {
    releases = await startBundleServer(await upstreamReleaseFiles());
    platform = await startPlatform({ operator: { bundleMirror: releases.url } });
    const api = await platform.startApi({ listen: true });
    env = {
      ...process.env,
      BI_API_URL: api.url,
      BI_API_TOKEN: api.token,
      KUBECONFIG: platform.kubeconfigPath,
    };
    for (const [kind, name] of [
      ['CoreBattery', 'core'],
      ['CloudnativePgBattery', 'cloudnative-pg'],
      ['RedisBattery', 'redis'],
    ])
      await platform.kubectl.apply({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind,
        metadata: { name },
      });
    await platform.kubectl(['create', 'namespace', 'orders']);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    await releases?.close();
  }, 60_000);

  it('creates a Postgres cluster from flags, refusing bad input whole and naming the field', async () => {
    const noOwner = await bi(['postgres', 'create', 'orders', '-n', 'orders', '--database', 'orders']);
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toContain('--database orders needs an owner');
    const badUser = await bi(['postgres', 'create', 'orders', '-n', 'orders', '--user', 'Bad_User']);
    expect(badUser.code).not.toBe(0);
    expect(badUser.stderr).toContain('spec.users[0].username');
    await expect(platform.kubectl(['-n', 'orders', 'get', 'postgrescluster', 'orders'])).rejects.toThrow(
      /NotFound/,
    );

    const args = ['postgres', 'create', 'orders', '-n', 'orders', '--size', 'tiny', '--storage', '1Gi'];
    const users = ['--user', 'app:login,createdb', '--user', 'reader', '--database', 'orders'];
    const dry = json(await bi([...args, ...users, '--dry-run', '--output', 'json']));
    expect(dry).toMatchObject({ isDryRun: true, kind: 'PostgresCluster' });
    const created = await bi([...args, ...users]);
    expect(created.stdout).toContain('Created PostgresCluster orders/orders.');
    const object = await platform.kubectl.json(['-n', 'orders', 'get', 'postgrescluster', 'orders']);
    expect(object.spec).toMatchObject({
      size: 'tiny',
      storage: { size: '1Gi' },
      users: [
        { username: 'app', roles: ['login', 'createdb'] },
        { username: 'reader', roles: ['login'] },
      ],
      database: { name: 'orders', owner: 'app' },
    });
    const again = await bi([...args, ...users]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists|taken/);
  }, 120_000);

  it('lists and shows the cluster’s connection information, and its password only when asked', async () => {
    const [listed] = await eventually(
      'the cluster with its connection information',
      async () => {
        const list = json(await bi(['postgres', 'list', '-n', 'orders', '--output', 'json']));
        return list[0]?.status?.connection?.host ? list : undefined;
      },
      slow,
    );
    expect(listed).toMatchObject({ name: 'orders', kind: 'PostgresCluster' });
    const table = await bi(['postgres', 'list']);
    expect(table.stdout).toMatch(/orders\s+orders\s+\S+\s+1\s+tiny\s+pg-orders-rw\.orders\.svc:5432/);

    await eventually(
      'the credential Secret',
      () => secretValue('cloudnative-pg.pg-orders.app', 'password'),
      slow,
    );
    const password = await secretValue('cloudnative-pg.pg-orders.app', 'password');
    const shown = await bi(['postgres', 'show', 'orders', '-n', 'orders']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/host:\s+pg-orders-rw\.orders\.svc/);
    expect(shown.stdout).toContain('cloudnative-pg.pg-orders.app');
    expect(shown.stdout).toContain('pass --show-password');
    const shownJson = await bi(['postgres', 'show', 'orders', '-n', 'orders', '--output', 'json']);
    for (const output of [shown.stdout, shownJson.stdout]) {
      expect(output).not.toContain(password);
      expect(output).not.toContain('postgresql://');
    }
    expect(JSON.parse(shownJson.stdout).credentials).toBeUndefined();

    const revealed = await bi(['postgres', 'show', 'orders', '-n', 'orders', '--show-password']);
    expect(revealed.stdout).toContain('Secret orders/cloudnative-pg.pg-orders.app:');
    const escaped = password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(revealed.stdout).toMatch(new RegExp(`^ {2}password:\\s+${escaped}$`, 'm'));
    expect(revealed.stdout).toContain(`postgresql://app:${password}@pg-orders-rw.orders.svc:5432/orders`);

    const missing = await bi(['postgres', 'show', 'nope', '-n', 'orders']);
    expect(missing.stderr).toContain('no Postgres cluster nope in namespace orders (see: bi postgres list)');
  }, 240_000);

  it('creates a Redis instance, lists and shows it, and reveals its password only when asked', async () => {
    const bad = await bi(['redis', 'create', 'cache', '-n', 'orders', '--instances', '2']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.instances');
    const created = json(
      await bi(['redis', 'create', 'cache', '-n', 'orders', '--size', 'tiny', '--output', 'json']),
    );
    expect(created).toMatchObject({ kind: 'RedisInstance', spec: { size: 'tiny', mode: 'standalone' } });

    await eventually(
      'the instance with its connection information',
      async () =>
        (await bi(['redis', 'list', '-n', 'orders'])).stdout.match(
          /orders\s+cache\s+\S+\s+standalone\s+1\s+tiny\s+redis-cache\.orders\.svc:6379/,
        ),
      slow,
    );
    await eventually('the password Secret', () => secretValue('redis-cache-password', 'password'), slow);
    const password = await secretValue('redis-cache-password', 'password');
    const shown = await bi(['redis', 'show', 'cache', '-n', 'orders']);
    expect(shown.stdout).toMatch(/secret:\s+redis-cache-password/);
    expect(shown.stdout).not.toContain(password);
    const revealed = json(
      await bi(['redis', 'show', 'cache', '-n', 'orders', '--show-password', '--output', 'json']),
    );
    expect(revealed.credentials).toEqual([
      expect.objectContaining({ name: 'redis-cache-password', data: expect.objectContaining({ password }) }),
    ]);
  }, 240_000);

  it('deletes the Postgres cluster only when confirmed, keeping its data and printing how to delete it', async () => {
    const unconfirmed = await bi(['postgres', 'delete', 'orders', '-n', 'orders']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes');
    const dry = await bi(['postgres', 'delete', 'orders', '-n', 'orders', '--dry-run']);
    expect(dry.stdout).toContain('Would delete PostgresCluster orders/orders.');
    expect(
      (await platform.kubectl.json(['-n', 'orders', 'get', 'postgrescluster', 'orders'])).metadata,
    ).toMatchObject({ name: 'orders' });

    const deleted = await bi(['postgres', 'delete', 'orders', '-n', 'orders', '--yes']);
    expect(deleted.stdout).toContain('Deleted PostgresCluster orders/orders.');
    expect(deleted.stdout).toContain('Its data is kept');
    const command = 'kubectl delete cluster.postgresql.cnpg.io pg-orders -n orders';
    expect(deleted.stdout).toContain(
      `Kept, labelled orphaned: Cluster.postgresql.cnpg.io/orders/pg-orders (delete it with: ${command})`,
    );
    const kept = await eventually(
      'the CloudNativePG Cluster orphaned',
      async () => {
        const cluster = await platform.kubectl.json([
          '-n',
          'orders',
          'get',
          'clusters.postgresql.cnpg.io',
          'pg-orders',
        ]);
        const labels = (cluster.metadata as { labels?: Record<string, string> }).labels ?? {};
        return labels['batteriesincl.com/orphaned'] !== undefined ? cluster : undefined;
      },
      slow,
    );
    expect(kept.kind).toBe('Cluster');
    // The printed command works as printed.
    await platform.kubectl(command.split(' ').slice(1));
    await expect(
      platform.kubectl(['-n', 'orders', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']),
    ).rejects.toThrow(/NotFound/);
    // The Redis instance is untouched.
    expect(json(await bi(['redis', 'list', '--output', 'json']))).toHaveLength(1);
  }, 180_000);
});
