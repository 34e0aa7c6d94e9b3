// The stand-ins for kind and docker answer like the real programs; other suites (Home Base's journey) rely on it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeTools, type FakeTools } from '@batteries-included/cli/testing';

const exec = promisify(execFile);

describe('the fake kind and docker', () => {
  let fakes: FakeTools;
  let dir: string;
  const run = async (tool: string, args: string[]) =>
    exec(tool, args, { env: fakes.env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bi-fakes-test-'));
    writeFileSync(
      join(dir, 'kubeconfig'),
      'apiVersion: v1\nkind: Config\ncurrent-context: testenv\ncontexts:\n- name: testenv\n  context: {cluster: testenv, user: testenv}\nclusters:\n- name: testenv\n  cluster: {server: "https://127.0.0.1:6443"}\nusers:\n- name: testenv\n  user: {}\n',
    );
    fakes = installFakeTools({ kubeconfigPath: join(dir, 'kubeconfig'), extraContainers: 2 });
  });

  afterAll(() => {
    fakes.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no clusters and no kind network at first', async () => {
    expect(await run('kind', ['get', 'clusters'])).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'No kind clusters found.\n',
    });
    const network = await run('docker', ['network', 'inspect', 'kind']);
    expect(network.code).toBe(1);
    expect(network.stderr).toContain('network kind not found');
  });

  it('creates a cluster once, hands back the kubeconfig as kind-<name>, and puts its node on the network', async () => {
    const config = join(dir, 'kind.yaml');
    writeFileSync(config, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n');
    expect((await run('kind', ['create', 'cluster', '--name', 'demo', '--config', config])).code).toBe(0);
    const again = await run('kind', ['create', 'cluster', '--name', 'demo', '--config', config]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('node(s) already exist for a cluster with the name "demo"');
    expect((await run('kind', ['get', 'clusters'])).stdout).toBe('demo\n');
    const kubeconfig = await run('kind', ['get', 'kubeconfig', '--name', 'demo']);
    expect(kubeconfig.stdout).toContain('current-context: kind-demo');
    expect(kubeconfig.stdout).toContain('server: "https://127.0.0.1:6443"');
    const [network] = JSON.parse((await run('docker', ['network', 'inspect', 'kind'])).stdout);
    expect(network.IPAM.Config.map((c: { Subnet: string }) => c.Subnet)).toEqual([
      'fc00:f853:ccd:e793::/64',
      '172.18.0.0/16',
    ]);
    expect(Object.values(network.Containers).map((c) => (c as { Name: string }).Name)).toEqual([
      'demo-control-plane',
      'other-0',
      'other-1',
    ]);
    expect(fakes.calls().find((c) => c.argv[0] === 'create')?.config).toContain('kind: Cluster');
  });

  it('fails get kubeconfig for an unknown cluster and deletes idempotently', async () => {
    const missing = await run('kind', ['get', 'kubeconfig', '--name', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("could not locate any control plane nodes for cluster named 'nope'");
    expect((await run('kind', ['delete', 'cluster', '--name', 'demo'])).code).toBe(0);
    expect((await run('kind', ['delete', 'cluster', '--name', 'demo'])).code).toBe(0);
    expect(fakes.clusters()).toEqual([]);
  });
});
