import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { startTestCluster } from './cluster.js';
import { ComponentError } from './errors.js';

/** PIDs of live processes whose command line mentions `needle` (reads /proc, Linux only). */
function processesMentioning(needle: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a test cluster lifecycle', () => {
  it('leaves no child process and no data directory behind after stop()', async () => {
    const cluster = await startTestCluster({ nodes: 1 });
    const pids = cluster.components.map((c) => c.pid);
    expect(cluster.components.map((c) => c.name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
    expect(processesMentioning(cluster.dataDir).length).toBeGreaterThanOrEqual(5);

    await cluster.stop();

    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(processesMentioning(cluster.dataDir)).toEqual([]);
    expect(existsSync(cluster.dataDir)).toBe(false);
  }, 120_000);

  it('names the component and the port when the API server port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startTestCluster({ apiServerPort: port, nodes: 1 });
      await expect(attempt).rejects.toBeInstanceOf(ComponentError);
      await expect(attempt).rejects.toThrow(
        new RegExp(`kube-apiserver: port ${port} on 127.0.0.1 is already in use`),
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});
