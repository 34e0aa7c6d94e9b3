import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestCluster, type TestCluster } from './cluster.js';

const run = promisify(execFile);

describe('restarting one component of a test cluster', () => {
  let cluster: TestCluster;
  const kubectl = async (...args: string[]) =>
    (await run(cluster.binaries.kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout;

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 1 });
  }, 120_000);
  afterAll(async () => cluster?.stop(), 60_000);

  it('restarts kube-apiserver as a new process on the same address, keeping every object', async () => {
    await kubectl('create', 'configmap', 'survivor', '--from-literal=kept=yes');
    const before = cluster.components.find((c) => c.name === 'kube-apiserver')!;

    const restarted = await cluster.restartComponent('kube-apiserver');

    expect(before.isRunning()).toBe(false);
    expect(() => process.kill(before.pid, 0)).toThrow(/ESRCH/);
    expect(restarted.pid).not.toBe(before.pid);
    expect(restarted.isRunning()).toBe(true);
    expect(cluster.components.find((c) => c.name === 'kube-apiserver')).toBe(restarted);
    // The state file names the new process, so `testenv down` and stale sweeps stop the right one.
    const state = JSON.parse(readFileSync(join(cluster.dataDir, 'state.json'), 'utf8'));
    expect(state.pids).toContainEqual({ name: 'kube-apiserver', pid: restarted.pid });
    // Same kubeconfig, same server, the object written before the restart still there.
    const configMap = JSON.parse(await kubectl('get', 'configmap', 'survivor', '-o', 'json'));
    expect(configMap.data).toEqual({ kept: 'yes' });
  }, 120_000);

  it('names the component it does not run', async () => {
    const unknown = 'cloud-controller-manager' as Parameters<TestCluster['restartComponent']>[0];
    await expect(cluster.restartComponent(unknown)).rejects.toThrow(
      /^cloud-controller-manager: is not part of this cluster/,
    );
  });
});
