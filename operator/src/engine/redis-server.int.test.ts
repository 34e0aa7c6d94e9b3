import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate, type KubeObject } from '@batteries-included/batteries';
import { testInstanceSnapshot } from '@batteries-included/batteries/testing';
import { eventually, freePort } from '@batteries-included/operator/testing';

const run = promisify(execFile);

/** The generated objects of one RedisInstance (the real generator, deterministic test passwords). */
function generated(spec: Record<string, unknown>): { objects: KubeObject[]; password: string } {
  const snapshot = testInstanceSnapshot({ core: {}, redis: {} }, [
    { kind: 'RedisInstance', namespace: 'team-a', name: 'cache', spec },
  ]);
  const result = generate(snapshot).instances[0]!;
  if (result.status !== 'generated') throw new Error(result.message);
  return {
    objects: result.objects,
    password: snapshot.secretMaterial['RedisInstance/team-a/cache/password']!,
  };
}

function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return object;
}

async function cli(port: number, args: string[], password?: string): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    env: { ...process.env, ...(password ? { REDISCLI_AUTH: password } : {}) },
  });
  return stdout.trim();
}

/**
 * The configuration a RedisInstance generates, loaded by a real `redis-server` and `redis-sentinel` (Debian's
 * redis-server package; `npm test` installs it). Only what is specific to a pod is rewritten: the data and Secret
 * mount paths, the port, and the primary's DNS name (127.0.0.1 here).
 */
describe('a RedisInstance’s generated configuration on a real redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bi-redis-'));
  const servers: ChildProcess[] = [];
  afterAll(async () => {
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(
      servers.map(
        (s) => new Promise((resolve) => (s.exitCode !== null ? resolve(0) : s.once('exit', resolve))),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the mounted files of a pod under `dir/<pod>` and starts the server on a free port. */
  async function startServer(
    pod: string,
    objects: readonly KubeObject[],
    extraArgs: string[] = [],
  ): Promise<number> {
    const port = await freePort();
    const root = join(dir, pod);
    for (const sub of ['data', 'conf', 'auth']) mkdirSync(join(root, sub), { recursive: true });
    const conf = (find(objects, 'ConfigMap', 'redis-cache-config').data as Record<string, string>)[
      'redis.conf'
    ]!;
    const secret = find(objects, 'Secret', 'redis-cache-password').stringData as Record<string, string>;
    writeFileSync(join(root, 'auth', 'auth.conf'), secret['auth.conf']!);
    writeFileSync(
      join(root, 'conf', 'redis.conf'),
      conf
        .replace('dir /data', `dir ${join(root, 'data')}`)
        .replace(
          'cluster-config-file /data/nodes.conf',
          `cluster-config-file ${join(root, 'data', 'nodes.conf')}`,
        )
        .replace('include /etc/redis/auth/auth.conf', `include ${join(root, 'auth', 'auth.conf')}`)
        .replace('port 6379', `port ${port}`),
    );
    const server = spawn('redis-server', [join(root, 'conf', 'redis.conf'), ...extraArgs], {
      stdio: 'ignore',
    });
    servers.push(server);
    await eventually(`redis-server ${pod} listening`, () =>
      cli(port, ['ping'])
        .then(() => true)
        .catch(() => undefined),
    );
    return port;
  }

  it('loads the standalone configuration and accepts only the generated password', async () => {
    const { objects, password } = generated({ size: 'tiny' });
    const port = await startServer('standalone', objects);
    expect(await cli(port, ['ping'])).toMatch(/NOAUTH/);
    expect(await cli(port, ['auth', 'wrong-password'])).toMatch(/WRONGPASS/);
    expect(await cli(port, ['ping'], password)).toBe('PONG');
    expect(await cli(port, ['set', 'greeting', 'hello'], password)).toBe('OK');
    expect(await cli(port, ['config', 'get', 'appendonly'], password)).toBe('appendonly\nyes');
    expect(await cli(port, ['config', 'get', 'maxmemory-policy'], password)).toBe(
      'maxmemory-policy\nnoeviction',
    );
  });

  it('replicates to a replica started as the generated command starts pod 1, and Sentinel finds both', async () => {
    const { objects, password } = generated({ mode: 'sentinel', instances: 2, size: 'tiny' });
    const primary = await startServer('primary', objects);
    // The StatefulSet's command: pods other than 0 start with --replicaof <pod 0> 6379.
    const spec = find(objects, 'StatefulSet', 'redis-cache').spec as {
      template: { spec: { containers: Array<{ args: string[] }> } };
    };
    const command = spec.template.spec.containers[0]!.args[0]!;
    expect(command).toContain('--replicaof redis-cache-0.redis-cache-headless.team-a.svc 6379');
    const replica = await startServer('replica', objects, ['--replicaof', '127.0.0.1', String(primary)]);
    await cli(primary, ['set', 'order', '42'], password);
    await eventually('the replica in sync with the primary (masterauth)', async () =>
      (await cli(replica, ['get', 'order'], password)) === '42' ? true : undefined,
    );
    expect(await cli(replica, ['info', 'replication'], password)).toContain('master_link_status:up');

    const sentinelPort = await freePort();
    const secret = find(objects, 'Secret', 'redis-cache-password').stringData as Record<string, string>;
    const sentinelConf = join(dir, 'sentinel.conf');
    writeFileSync(
      sentinelConf,
      secret['sentinel.conf']!.replace('port 26379', `port ${sentinelPort}`).replace(
        'redis-cache-0.redis-cache-headless.team-a.svc 6379',
        `127.0.0.1 ${primary}`,
      ),
    );
    // As the Sentinel StatefulSet runs it: redis-server in sentinel mode on the copied file.
    const sentinel = spawn('redis-server', [sentinelConf, '--sentinel'], { stdio: 'ignore' });
    servers.push(sentinel);
    // Sentinel learns the replica from the primary's INFO, which it can read only with the generated auth-pass.
    await eventually('Sentinel sees the primary and its replica', async () => {
      const replicas = await cli(sentinelPort, ['sentinel', 'replicas', 'redis-cache']).catch(() => '');
      return replicas.includes(String(replica)) ? replicas : undefined;
    });
    expect(await cli(sentinelPort, ['sentinel', 'get-master-addr-by-name', 'redis-cache'])).toBe(
      `127.0.0.1\n${primary}`,
    );
  });

  it('forms a Redis Cluster of six nodes with the generated configuration and the Job’s script', async () => {
    const { objects, password } = generated({ mode: 'cluster', instances: 6, size: 'tiny' });
    const ports: number[] = [];
    // As the StatefulSet starts each node: announcing the name clients reach it by (here 127.0.0.1).
    const command = (
      find(objects, 'StatefulSet', 'redis-cache').spec as {
        template: { spec: { containers: Array<{ args: string[] }> } };
      }
    ).template.spec.containers[0]!.args[0]!;
    expect(command).toContain('--cluster-announce-hostname');
    for (let ordinal = 0; ordinal < 6; ordinal++)
      ports.push(await startServer(`node-${ordinal}`, objects, ['--cluster-announce-hostname', '127.0.0.1']));
    const job = find(objects, 'Job', 'redis-cache-cluster-create').spec as {
      template: { spec: { containers: Array<{ args: string[] }> } };
    };
    // The script as the Job runs it, with each pod's DNS name replaced by where this node listens.
    let script = job.template.spec.containers[0]!.args[0]!;
    ports.forEach((port, ordinal) => {
      script = script.replaceAll(
        `redis-cache-${ordinal}.redis-cache-headless.team-a.svc:6379`,
        `127.0.0.1:${port}`,
      );
    });
    script = script.replaceAll(
      '-h redis-cache-0.redis-cache-headless.team-a.svc -p 6379',
      `-h 127.0.0.1 -p ${ports[0]}`,
    );
    const runScript = () =>
      run('sh', ['-c', script], { env: { ...process.env, REDISCLI_AUTH: password }, timeout: 60_000 });
    await runScript();
    await eventually('the cluster formed', async () =>
      (await cli(ports[0]!, ['cluster', 'info'], password)).includes('cluster_state:ok') ? true : undefined,
    );
    expect(await cli(ports[0]!, ['cluster', 'info'], password)).toContain('cluster_known_nodes:6');
    // Keys spread over the primaries; a cluster-aware client follows the redirects.
    for (const key of ['a', 'b', 'c', 'orders:1']) await cli(ports[0]!, ['-c', 'set', key, key], password);
    expect(await cli(ports[3]!, ['-c', 'get', 'orders:1'], password)).toBe('orders:1');
    // The Job runs again (its pod restarted, or it was re-created): a formed cluster is left alone.
    expect((await runScript()).stdout).toContain('the cluster is formed');
  }, 120_000);
});
