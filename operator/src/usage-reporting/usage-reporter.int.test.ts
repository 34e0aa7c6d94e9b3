import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadKubeConfig } from '../kube/client.js';
import { startUsageReporter } from './usage-reporter.js';

const kubeconfig = process.env.BI_TEST_KUBECONFIG;
const kubectl = process.env.BI_TEST_KUBECTL;
if (!kubeconfig || !kubectl)
  throw new Error('run this file in the integration project (it needs the shared control plane)');

const run = (...args: string[]) =>
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
const apply = (manifest: object) =>
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], {
    input: JSON.stringify(manifest),
    encoding: 'utf8',
  });

describe('the usage reporter against the real control plane', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const namespace = `usage-report-${process.pid}`;
  const received: Array<{ path: string; body: string }> = [];
  let server: Server;
  let url: string;
  let node: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(received.length === 1 ? 201 : 409, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify(received.length === 1 ? { stored: true } : { detail: 'replayed report' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    node = run('get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}');
    run('create', 'namespace', namespace);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe', namespace },
      spec: {
        nodeName: node,
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'probe', image: 'registry.k8s.io/pause:3.10' }],
      },
    };
    // The namespace's default ServiceAccount, which admission wants, appears a moment after the namespace.
    for (let attempt = 0; ; attempt++) {
      try {
        apply(pod);
        break;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
  afterAll(async () => {
    run('delete', 'namespace', namespace, '--wait=false');
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts a signed report of the cluster’s nodes, pods and batteries on its first tick', async () => {
    const reporter = startUsageReporter({
      config: loadKubeConfig(kubeconfig),
      homeBaseUrl: `${url}/`,
      installationId: 'inst-42',
      installationKey: privateKey.export({ format: 'jwk' }),
      firstDelayMs: 50,
      intervalMs: 60_000,
    });
    try {
      for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);
      const [{ path, body }] = received as [{ path: string; body: string }];
      expect(path).toBe('/api/v1/installations/inst-42/usage_reports');
      const [header, payload, signature] = (JSON.parse(body) as { jws: string }).jws.split('.');
      expect(
        verify(
          'sha256',
          Buffer.from(`${header}.${payload}`),
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          Buffer.from(signature!, 'base64url'),
        ),
      ).toBe(true);
      const { report, iss, sub } = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      expect([iss, sub]).toEqual(['inst-42', 'inst-42']);
      const nodes = JSON.parse(run('get', 'nodes', '-o', 'json')).items.length;
      expect(report.nodes).toBe(nodes);
      expect(report.podsByNode[node]).toBeGreaterThanOrEqual(1);
      expect(report.pods).toBeGreaterThanOrEqual(1);
      expect(Array.isArray(report.batteries)).toBe(true);
      expect(report.version).toBe('0.1.0');

      // A refusal is reported back with Home Base's detail, not thrown. (reportNow joins a send still in flight,
      // so on a loaded machine the first call may answer the first tick's 201; the next one is a new report.)
      let outcome = await reporter.reportNow();
      if (outcome.kind === 'sent') outcome = await reporter.reportNow();
      expect(outcome).toEqual({ kind: 'refused', status: 409, detail: 'replayed report' });
      expect(received).toHaveLength(2);
    } finally {
      await reporter.stop();
    }
  });
});
