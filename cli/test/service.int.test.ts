// `bi service` against a real control plane whose simulated containers log, through the operator's API (in this
// process, on a socket): deploy from a file, list, show, scale, and logs, tailed and followed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  appendPodLog,
  eventually,
  startPlatform,
  type OperatorPlatform,
} from '@batteries-included/operator/testing';
import { runBi, type BiResult } from '@batteries-included/cli/testing';

const WEB = `
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: TraditionalService
metadata: {name: web}
spec:
  containers: [{name: web, image: 'ghcr.io/acme/web:1.2.3'}]
  ports: [{name: http, number: 8080}]
`;

describe('bi service', () => {
  let platform: OperatorPlatform;
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  const bi = (args: string[]) => runBi(args, { env, timeoutMs: 60_000 });
  const json = (result: BiResult) => {
    if (result.code !== 0) throw new Error(`bi exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const file = (name: string, content: string) => {
    const path = join(workDir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    platform = await startPlatform({ podLogs: true });
    const api = await platform.startApi({ listen: true });
    workDir = mkdtempSync(join(tmpdir(), 'bi-service-'));
    env = {
      ...process.env,
      BI_API_URL: api.url,
      BI_API_TOKEN: api.token,
      KUBECONFIG: platform.kubeconfigPath,
    };
    await platform.kubectl(
      ['apply', '--server-side', '-f', '-'],
      [
        { kind: 'CoreBattery', name: 'core' },
        { kind: 'TraditionalServicesBattery', name: 'traditional-services' },
      ]
        .map(({ kind, name }) =>
          JSON.stringify({
            apiVersion: 'batteries.batteriesincl.com/v1alpha1',
            kind,
            metadata: { name },
            spec: {},
          }),
        )
        .join('\n---\n'),
    );
    await platform.kubectl(['create', 'namespace', 'shop']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('deploys from a file, refusing a bad one whole and naming the field', async () => {
    const bad = await bi([
      'service',
      'deploy',
      '-f',
      file('bad.yaml', WEB.replace('8080', '70000')),
      '-n',
      'shop',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.ports[0].number');
    const deployed = json(
      await bi(['service', 'deploy', '-f', file('web.yaml', WEB), '-n', 'shop', '--output', 'json']),
    );
    expect(deployed).toEqual([
      expect.objectContaining({ name: 'web', namespace: 'shop', action: 'created' }),
    ]);
    const again = await bi(['service', 'deploy', '-f', file('web.yaml', WEB), '-n', 'shop']);
    expect(again.stdout).toMatch(/shop\s+web\s+TraditionalService\s+updated/);
  }, 120_000);

  it('lists and shows the service with its pods and URL, and scales it', async () => {
    await eventually(
      'web with a ready pod',
      async () => {
        const [web] = json(await bi(['service', 'list', '-n', 'shop', '--output', 'json']));
        return web?.instances?.ready === 1 ? web : undefined;
      },
      { timeoutMs: 90_000 },
    );
    const table = await bi(['service', 'list']);
    expect(table.stdout).toMatch(
      /shop\s+web\s+TraditionalService\s+True\s+1\/1\s+http:\/\/web\.shop\.svc:8080/,
    );

    const scaled = await bi(['service', 'scale', 'web', '2', '-n', 'shop']);
    expect(scaled.stdout).toContain('shop/web: instances 2');
    const shown = await eventually(
      'two pods',
      async () => {
        const result = json(await bi(['service', 'show', 'web', '-n', 'shop', '--output', 'json']));
        return result.pods.length === 2 ? result : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(shown).toMatchObject({ kind: 'TraditionalService', spec: { instances: 2 } });
    const missing = await bi(['service', 'show', 'nope', '-n', 'shop']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no service nope in namespace shop');
  }, 240_000);

  it('prints the logs of every pod, and follows one with -f', async () => {
    appendPodLog(platform.cluster.podLogs!.current, ['started', 'serving']);
    const tail = await bi(['service', 'logs', 'web', '-n', 'shop', '--tail', '5']);
    expect(tail.code).toBe(0);
    const lines = tail.stdout.trim().split('\n');
    // Two pods, each prefixed with its name.
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => /^\[web-[a-z0-9]+-[a-z0-9]+\] (started|serving)$/.test(line))).toBe(true);

    let child: ChildProcess | undefined;
    let output = '';
    const following = runBi(['service', 'logs', 'web', '-n', 'shop', '-f', '--tail', '1'], {
      env,
      timeoutMs: 60_000,
      onSpawn: (spawned) => (child = spawned),
      onStdout: (chunk) => {
        output += chunk;
        if (output.includes('serving') && !output.includes('later'))
          appendPodLog(platform.cluster.podLogs!.current, ['later']);
        if (output.includes('later')) child?.kill('SIGINT');
      },
    });
    await following;
    expect(output).toBe('serving\nlater\n');
  }, 120_000);
});
