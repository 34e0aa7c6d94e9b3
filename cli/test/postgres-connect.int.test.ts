// `bi postgres access-info`, `psql` and `port-forward` against a real control plane with CloudNativePG's real CRDs
// and the operator's API (in this process, on a socket), and a real PostgreSQL server set up the way CloudNativePG's
// managed roles would set it up for the rendered Cluster. Nothing runs CloudNativePG here: the test makes the pods
// it would run (kwok simulates them), and kwok, as their kubelet, carries the API server's port-forwards to the real
// PostgreSQL server, so `port-forward` and `psql` through it move real bytes end to end.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import {
  eventually,
  provisionLikeCnpg,
  runPsql,
  startBundleServer,
  startPlatform,
  startPostgres,
  upstreamReleaseFiles,
  type BundleServer,
  type OperatorPlatform,
  type TestPostgres,
} from '@batteries-included/operator/testing';
import { runBi, type BiResult } from '@batteries-included/cli/testing';

describe('bi postgres access-info, psql and port-forward', () => {
  let platform: OperatorPlatform;
  let releases: BundleServer;
  let postgres: TestPostgres;
  let env: NodeJS.ProcessEnv;
  let toolDir: string;
  const bi = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runBi(args, { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
  const ok = (result: BiResult) => {
    if (result.code !== 0) throw new Error(`bi exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  const secretData = async (name: string): Promise<Record<string, string>> => {
    const secret = await platform.kubectl.json(['-n', 'orders', 'get', 'secret', name]);
    return Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    );
  };
  const slow = { timeoutMs: 150_000, intervalMs: 500 };
  let appPassword: string;
  let pgPort: string;

  beforeAll(async () => {
    postgres = await startPostgres({ privateServer: true });
    pgPort = new URL(postgres.databaseUrl).port;
    releases = await startBundleServer(await upstreamReleaseFiles());
    platform = await startPlatform({
      operator: { bundleMirror: releases.url },
      portForwards: [
        { namespace: 'orders', port: 5432, target: { address: '127.0.0.1', port: Number(pgPort) } },
      ],
    });
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
    ])
      await platform.kubectl.apply({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind,
        metadata: { name },
      });
    await platform.kubectl(['create', 'namespace', 'orders']);
    ok(
      await bi([
        'postgres',
        'create',
        'orders',
        '-n',
        'orders',
        '--size',
        'tiny',
        '--user',
        'reader',
        '--user',
        'app',
        '--database',
        'orders',
        '--owner',
        'app',
      ]),
    );
    const cluster = await eventually(
      'the CNPG Cluster and both credential Secrets',
      async () => {
        const [rendered] = await Promise.all([
          platform.kubectl.json(['-n', 'orders', 'get', 'clusters.postgresql.cnpg.io', 'pg-orders']),
          secretData('cloudnative-pg.pg-orders.app'),
          secretData('cloudnative-pg.pg-orders.reader'),
        ]).catch(() => [undefined]);
        return rendered;
      },
      slow,
    );
    await provisionLikeCnpg(postgres, cluster, async (name) => (await secretData(name)).password!);
    appPassword = (await secretData('cloudnative-pg.pg-orders.app')).password!;
    // A psql on PATH that records the arguments it was started with, then runs the real one.
    toolDir = mkdtempSync(join(tmpdir(), 'bi-psql-'));
    writeFileSync(
      join(toolDir, 'psql'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${toolDir}/argv'\nexec /usr/bin/psql "$@"\n`,
    );
    chmodSync(join(toolDir, 'psql'), 0o755);
  }, 300_000);

  afterAll(async () => {
    await postgres?.stop();
    await platform?.stop();
    await releases?.close();
    if (toolDir) rmSync(toolDir, { recursive: true, force: true });
  }, 60_000);

  it('prints access information as the database owner, with the password masked unless asked for', async () => {
    const table = ok(await bi(['postgres', 'access-info', 'orders', '-n', 'orders']));
    expect(table).toMatch(/^Host:\s+pg-orders-rw\.orders\.svc$/m);
    expect(table).toMatch(/^Port:\s+5432$/m);
    expect(table).toMatch(/^Database:\s+orders$/m);
    expect(table).toMatch(/^Username:\s+app$/m);
    expect(table).toMatch(/^Secret:\s+orders\/cloudnative-pg\.pg-orders\.app$/m);
    expect(table).toContain('postgresql://app:****@pg-orders-rw.orders.svc:5432/orders');
    expect(table).toContain("password='****'");
    const json = JSON.parse(
      ok(await bi(['postgres', 'access-info', 'orders', '-n', 'orders', '--output', 'json'])),
    );
    expect(json).toMatchObject({ username: 'app', database: 'orders', port: '5432' });
    expect(json.password).toBeUndefined();
    for (const output of [table, JSON.stringify(json)]) expect(output).not.toContain(appPassword);

    const shown = JSON.parse(
      ok(
        await bi([
          'postgres',
          'access-info',
          'orders',
          '-n',
          'orders',
          '--output',
          'json',
          '--show-password',
        ]),
      ),
    );
    expect(shown).toMatchObject({
      password: appPassword,
      uri: `postgresql://app:${appPassword}@pg-orders-rw.orders.svc:5432/orders?sslmode=prefer`,
    });
    const reader = ok(await bi(['postgres', 'access-info', 'orders', '-n', 'orders', '--user', 'reader']));
    expect(reader).toMatch(/^Username:\s+reader$/m);
    const unknown = await bi(['postgres', 'access-info', 'orders', '-n', 'orders', '--user', 'postgres']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '--user postgres: Postgres cluster orders/orders has no such user; its users: reader, app',
    );
  }, 120_000);

  it('runs the local psql as the cluster’s user against the real server, the password only in its environment', async () => {
    const path = { PATH: `${toolDir}:${process.env.PATH}` };
    const direct = ['--host', '127.0.0.1', '--port', pgPort];
    const run = await bi(
      ['postgres', 'psql', 'orders', '-n', 'orders', ...direct, '-v', '--', '-tAc', 'select current_user'],
      path,
    );
    expect(run).toMatchObject({ code: 0, stdout: 'app\n' });
    const argv = readFileSync(join(toolDir, 'argv'), 'utf8');
    expect(argv).toBe('-tAc\nselect current_user\n');
    for (const output of [argv, run.stdout, run.stderr]) expect(output).not.toContain(appPassword);

    const asReader = await bi(
      [
        'postgres',
        'psql',
        'orders',
        '-n',
        'orders',
        '--user',
        'reader',
        ...direct,
        '--',
        '-tAc',
        'select current_user || current_database()',
      ],
      path,
    );
    expect(asReader).toMatchObject({ code: 0, stdout: 'readerorders\n' });
    // psql's own failure is bi's exit code.
    const failing = await bi(
      ['postgres', 'psql', 'orders', '-n', 'orders', ...direct, '--', '-c', 'select nope'],
      path,
    );
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('column "nope" does not exist');
  }, 120_000);

  it('names the Debian package when psql is not installed', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'bi-nopsql-'));
    try {
      const missing = await bi(['postgres', 'psql', 'orders', '-n', 'orders', '--host', '127.0.0.1'], {
        PATH: emptyDir,
      });
      expect(missing.code).toBe(4);
      expect(missing.stderr).toContain('`psql` was not found on PATH');
      expect(missing.stderr).toContain('apt-get install postgresql-client');
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to forward, naming the cluster, until a ready primary exists', async () => {
    const none = await bi(['postgres', 'port-forward', 'orders', '-n', 'orders']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'Postgres cluster orders/orders has no ready primary: no pods labelled cnpg.io/cluster=pg-orders',
    );
    // psql without --host goes through the same forward, and fails the same way before starting psql.
    const viaForward = await bi(['postgres', 'psql', 'orders', '-n', 'orders']);
    expect(viaForward.code).toBe(1);
    expect(viaForward.stderr).toContain('Postgres cluster orders/orders has no ready primary');

    // The pods CloudNativePG would run: a replica first, then the primary.
    const pod = (name: string, role: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'orders',
        labels: { 'cnpg.io/cluster': 'pg-orders', 'cnpg.io/instanceRole': role, role },
      },
      spec: { containers: [{ name: 'postgres', image: 'ghcr.io/cloudnative-pg/postgresql:17' }] },
    });
    await platform.kubectl.apply(pod('pg-orders-1', 'replica'));
    const podReady = (name: string) =>
      eventually(`pod ${name} Ready`, async () => {
        const live = await platform.kubectl.json(['-n', 'orders', 'get', 'pod', name]);
        return (live.status?.conditions ?? []).some(
          (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
        );
      });
    await podReady('pg-orders-1');
    const replicaOnly = await bi(['postgres', 'port-forward', 'orders', '-n', 'orders']);
    expect(replicaOnly.code).toBe(1);
    expect(replicaOnly.stderr).toContain(
      'Postgres cluster orders/orders has no ready primary (none labelled cnpg.io/instanceRole=primary); its pods: pg-orders-1 (replica, ready)',
    );

    await platform.kubectl.apply(pod('pg-orders-2', 'primary'));
    await podReady('pg-orders-2');
  }, 120_000);

  it('forwards a local port to the primary until Ctrl-C, carrying a real psql session', async () => {
    let output = '';
    let forwarded: { pod: string; host: string; port: number } | undefined;
    const queries: string[] = [];
    let session: Promise<void> | undefined;
    const result = await runBi(['postgres', 'port-forward', 'orders', '-n', 'orders', '--output', 'json'], {
      env,
      timeoutMs: 90_000,
      onStdout: (chunk) => (output += chunk),
      onSpawn: (child) => {
        session = eventually('the forward listening', () => output.includes('}') || undefined)
          .then(async () => {
            forwarded = JSON.parse(output);
            const dsn = `host=${forwarded!.host} port=${forwarded!.port} user=app password=${appPassword} dbname=orders`;
            // Twice: each connection is its own forward.
            queries.push(await runPsql(dsn, 'select current_user'));
            queries.push(await runPsql(dsn, 'select current_database()'));
          })
          .finally(() => child.kill('SIGINT'));
      },
    });
    await session;
    expect(queries).toEqual(['app', 'orders']);
    expect(result.code).toBe(0);
    expect(forwarded).toMatchObject({
      cluster: 'orders',
      namespace: 'orders',
      pod: 'pg-orders-2',
      host: '127.0.0.1',
    });
    expect(result.stderr).toContain('Stopped forwarding.');
    // Closed: nothing listens there any more.
    await expect(
      new Promise((resolve, reject) =>
        createConnection({ host: '127.0.0.1', port: forwarded!.port })
          .on('connect', resolve)
          .on('error', reject),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  }, 120_000);

  it('runs psql through a port-forward of its own when no --host is given, and closes it', async () => {
    const run = await bi(
      [
        'postgres',
        'psql',
        'orders',
        '-n',
        'orders',
        '--user',
        'reader',
        '-v',
        '--',
        '-tAc',
        'select current_user',
      ],
      {
        PATH: `${toolDir}:${process.env.PATH}`,
      },
    );
    expect(run).toMatchObject({ code: 0, stdout: 'reader\n' });
    expect(run.stderr).toContain('(forwarded to pod orders/pg-orders-2)');
    const argv = readFileSync(join(toolDir, 'argv'), 'utf8');
    expect(argv).toBe('-tAc\nselect current_user\n');
    const readerPassword = (await secretData('cloudnative-pg.pg-orders.reader')).password!;
    for (const output of [argv, run.stdout, run.stderr]) expect(output).not.toContain(readerPassword);
  }, 120_000);
});
