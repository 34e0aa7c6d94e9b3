// bi start / bi stop end to end on a real control plane of their own (testenv), with stand-ins for kind and
// docker on PATH that hand back that control plane as the "created" Kind cluster, and the operator run on the
// host (--local-operator) on embedded PGlite, as a user would run it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type Platform } from '@batteries-included/operator/testing';
import { connectCluster } from '../src/kube/cluster.js';
import { batteryState } from '../src/kube/wait-ready.js';
import { installFakeTools, type FakeTools, runBi, killLocalOperator } from '@batteries-included/cli/testing';
import { defaultBatteryTypes } from '../src/install/default-spec.js';

describe('bi start and bi stop on Kind (fake kind and docker, real control plane)', () => {
  let platform: Platform;
  let fakes: FakeTools;
  let workDir: string;
  let specPath: string;
  const stateDir = () => join(fakes.xdgStateHome, 'bi', 'installs', 'bi-local');
  const batteries = async () => connectCluster(platform.config).listBatteries();

  beforeAll(async () => {
    // `bi start` installs the CRDs and the operator itself: the platform is the bare control plane.
    platform = await startPlatform({ crds: false, operator: false });
    fakes = installFakeTools({ kubeconfigPath: platform.kubeconfigPath });
    workDir = mkdtempSync(join(tmpdir(), 'bi-start-'));
    specPath = join(workDir, 'spec.json');
    writeFileSync(
      specPath,
      JSON.stringify({
        apiVersion: 'batteriesincl.com/install-spec/v1',
        slug: 'bi-local',
        kubeCluster: { provider: 'kind', config: {} },
        batteries: [{ type: 'redis', spec: {} }],
      }),
    );
  }, 180_000);

  afterAll(async () => {
    // Whatever a failed case left running: the local operator of this install.
    await runBi(['stop', '--timeout', '20'], { env: fakes.env }).catch(() => undefined);
    if (fakes) killLocalOperator(fakes.xdgStateHome, 'bi-local');
    fakes?.cleanup();
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  it('refuses to start without kind on PATH (exit 4) and changes nothing', async () => {
    const onlyDocker = installFakeTools({ kubeconfigPath: platform.kubeconfigPath, tools: ['docker'] });
    try {
      const result = await runBi(['start', specPath, '--local-operator'], { env: onlyDocker.env });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('`kind` was not found on PATH');
      expect(onlyDocker.clusters()).toEqual([]);
      expect(await batteries()).toEqual([]);
    } finally {
      onlyDocker.cleanup();
    }
  }, 60_000);

  it('refuses to start without docker on PATH (exit 4)', async () => {
    const onlyKind = installFakeTools({ kubeconfigPath: platform.kubeconfigPath, tools: ['kind'] });
    try {
      const result = await runBi(['start', specPath, '--local-operator'], { env: onlyKind.env });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('`docker` was not found on PATH');
      expect(onlyKind.clusters()).toEqual([]);
    } finally {
      onlyKind.cleanup();
    }
  }, 60_000);

  it('refuses when the Docker daemon does not answer (exit 4)', async () => {
    const result = await runBi(['start', specPath, '--local-operator'], {
      env: { ...fakes.env, BI_FAKE_DOCKER_DOWN: '1' },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/daemon does not answer/);
    expect(fakes.clusters()).toEqual([]);
  }, 60_000);

  it('stops between steps on Ctrl-C (exit 130), says what was done, applies no battery', async () => {
    const result = await runBi(['start', specPath, '--local-operator'], {
      env: { ...fakes.env, BI_FAKE_KIND_CREATE_DELAY_MS: '4000' },
      onSpawn: (child) => {
        // Interrupt once kind is creating the cluster: bi lets that step finish, then stops.
        const timer = setInterval(() => {
          if (fakes.calls().some((c) => c.argv[0] === 'create')) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 100);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
    expect(result.stderr).toMatch(/Create Kind cluster bi-local \(created\)/);
    expect(result.stderr).toMatch(/Run the same command again to continue: it converges/);
    expect(fakes.clusters()).toEqual(['bi-local']);
    expect(await batteries()).toEqual([]);
    const create = fakes.calls().find((c) => c.argv[0] === 'create')!;
    expect(create.argv).toEqual(
      expect.arrayContaining(['create', 'cluster', '--name', 'bi-local', '--config']),
    );
    expect(create.config).toContain('image: kindest/node:v1.34.0');
    expect(create.config).toContain('InPlacePodVerticalScaling: true');
  }, 90_000);

  it('re-running after the interruption converges: CRDs, local operator, batteries Ready, MetalLB range in core', async () => {
    const result = await runBi(
      ['start', specPath, '--local-operator', '--timeout', '240', '--output', 'json'],
      {
        env: fakes.env,
      },
    );
    expect(result.stderr).toContain('exists; reused');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.batteries.map((b: { type: string; ready: string }) => `${b.type}=${b.ready}`)).toEqual([
      'core=True',
      'redis=True',
    ]);
    expect(output.console).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output.tokenCommand).toContain('get secret api-token');
    const live = await batteries();
    expect(live.map((b) => [b.metadata.name, batteryState(b).ready])).toEqual([
      ['core', 'True'],
      ['redis', 'True'],
    ]);
    // One container (this cluster's node) on 172.18.0.0/16 → block 2.
    expect((live[0]!.spec as { ipAddressPools: string[] }).ipAddressPools).toEqual(['172.18.0.32/28']);
    expect((live[0]!.metadata.managedFields ?? []).map((f) => f.manager)).toContain('bi');
    expect(existsSync(join(stateDir(), 'operator.pid.json'))).toBe(true);
    expect(fakes.calls().filter((c) => c.argv[0] === 'create')).toHaveLength(1);
  }, 300_000);

  it('running start again changes nothing and reuses the cluster and the operator', async () => {
    const result = await runBi(['start', specPath, '--local-operator'], { env: fakes.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('already running');
    expect(fakes.calls().filter((c) => c.argv[0] === 'create')).toHaveLength(1);
  }, 120_000);

  it('bi stop uninstalls dependents first, stops the operator and deletes the cluster', async () => {
    const pid = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(join(stateDir(), 'operator.pid.json'), 'utf8')),
    ).pid as number;
    const result = await runBi(['stop'], { env: fakes.env });
    expect(result.code).toBe(0);
    expect(result.stderr.indexOf('removed redis')).toBeLessThan(result.stderr.indexOf('removed core'));
    expect(result.stderr.indexOf('removed redis')).toBeGreaterThan(0);
    expect(await batteries()).toEqual([]);
    expect(fakes.clusters()).toEqual([]);
    expect(existsSync(stateDir())).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
  }, 180_000);

  it('deploys the operator in the cluster with --operator-image and hands it the Home Base settings in Secret home-base', async () => {
    const homeBaseSpec = join(workDir, 'home-base-spec.json');
    writeFileSync(
      homeBaseSpec,
      JSON.stringify({
        apiVersion: 'batteriesincl.com/install-spec/v1',
        slug: 'bi-local',
        kubeCluster: { provider: 'kind', config: {} },
        batteries: [{ type: 'core', spec: {} }],
        homeBase: {
          url: 'https://home.example.com',
          installationId: 'inst-42',
          installationKey: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
        },
      }),
    );
    // kwok makes the operator's pod Ready without running it, so only the deploy is waited for.
    const result = await runBi(
      [
        'start',
        homeBaseSpec,
        '--operator-image',
        'registry.local/bi/operator:test',
        '--load-image',
        '--no-wait',
      ],
      {
        env: fakes.env,
      },
    );
    expect(result.stderr).toMatch(
      /Deploy the operator in the cluster: \d+ objects in batteries-included-system; registry.local\/bi\/operator:test available/,
    );
    expect(result.code).toBe(0);
    expect(fakes.calls().map((c) => c.argv.join(' '))).toContain(
      'load docker-image registry.local/bi/operator:test --name bi-local',
    );
    const client = connectCluster(platform.config).client;
    const secret = await client.get({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'home-base', namespace: 'batteries-included-system' },
    });
    const data = Object.fromEntries(
      Object.entries(secret!.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    expect(data.BI_HOME_BASE_URL).toBe('https://home.example.com');
    expect(data.BI_INSTALLATION_ID).toBe('inst-42');
    expect(JSON.parse(data.BI_INSTALLATION_KEY!)).toMatchObject({ kty: 'EC', d: 'd' });
    expect((await batteries()).map((b) => b.metadata.name)).toEqual(['core']);
  }, 180_000);

  it('bi stop --keep-cluster uninstalls the batteries but keeps the cluster and its state', async () => {
    const result = await runBi(['stop', '--keep-cluster'], { env: fakes.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('removed core');
    expect(await batteries()).toEqual([]);
    expect(fakes.clusters()).toEqual(['bi-local']);
    expect(existsSync(join(stateDir(), 'kubeconfig.yaml'))).toBe(true);
    expect(fakes.calls().some((c) => c.argv[0] === 'delete')).toBe(true); // from the earlier full stop only
    expect(fakes.calls().filter((c) => c.argv[0] === 'delete')).toHaveLength(1);
  }, 120_000);

  it('without a SPEC, applies the default batteries for kind + development that this catalog has', async () => {
    const result = await runBi(['start', '--local-operator', '--no-wait', '--output', 'json'], {
      env: fakes.env,
    });
    expect(result.code).toBe(0);
    const expected = defaultBatteryTypes('kind', 'development');
    expect(expected).toContain('core');
    expect((await batteries()).map((b) => b.metadata.name).sort()).toEqual([...expected].sort());
    expect(result.stderr).toContain(`Installing "bi-local" (kind, development): ${expected.join(', ')}`);
  }, 180_000);
});
