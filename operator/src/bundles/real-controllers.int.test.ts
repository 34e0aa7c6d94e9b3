import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CERT_MANAGER_CONTROLLER,
  ensureGoTool,
  freePort,
  METALLB_CONTROLLER,
} from '@batteries-included/testenv';
import { readCaCertificate } from '../api/ca-certificate.js';
import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { startBundleServer } from './testing/bundle-server.js';
import { upstreamReleaseFiles } from './testing/upstream-bundles.js';

const run = promisify(execFile);
const battery = (kind: string, name: string, spec: object = {}) =>
  JSON.stringify({ apiVersion: 'batteries.batteriesincl.com/v1alpha1', kind, metadata: { name }, spec });
const PLATFORM = [
  battery('CoreBattery', 'core', { ipAddressPools: ['172.18.0.240/28'] }),
  battery('MetallbBattery', 'metallb'),
  battery('GatewayApiBattery', 'gateway-api'),
  battery('IstioBattery', 'istio'),
  battery('IstioGatewayBattery', 'istio-gateway'),
  battery('CertManagerBattery', 'cert-manager'),
  battery('BatteryCaBattery', 'battery-ca'),
  battery('GrafanaBattery', 'grafana'),
  battery('VictoriaMetricsBattery', 'victoria-metrics'),
].join('\n---\n');

interface Condition {
  type: string;
  status: string;
  message?: string;
}

/**
 * cert-manager's and MetalLB's real controllers, built from their Go modules (cert-manager v1.21.0, the nearest version
 * the module proxy serves to the battery's v1.19.2, wired by testenv/go/cert-manager-controller; MetalLB's controller
 * v0.15.2, the battery pins v0.15.3), against testenv with the objects the operator applies: battery-ca's self-signed
 * Issuer signs the CA Certificate, the ClusterIssuer battery-ca becomes Ready, every battery host's Certificate is
 * issued from it and verifies with `openssl verify`; then MetalLB gives the gateway's LoadBalancer Service an address
 * from the core battery's pool, and hostnames, routes, certificates and access-info follow it in the next pass.
 */
describe('battery-ca, the ingress certificates and the gateway address under the real cert-manager and MetalLB controllers', () => {
  let platform: Platform;
  let controller: ChildProcess | undefined;
  let metallb: ChildProcess | undefined;
  let metallbBinary = '';
  let controllerLog = '';
  let metallbLog = '';
  let lastSeen = '';
  const getJson = (args: string[]) => platform.kubectl.json(args);
  const slow = {
    timeoutMs: 240_000,
    intervalMs: 1_000,
    lastSeen: () => `${lastSeen}\n${controllerLog.slice(-2000)}`,
  };

  beforeAll(async () => {
    const binary = await ensureGoTool(CERT_MANAGER_CONTROLLER);
    metallbBinary = await ensureGoTool(METALLB_CONTROLLER);
    const files = await upstreamReleaseFiles();
    platform = await startPlatform({ operator: false });
    const server = await startBundleServer(files);
    platform.defer(() => server.close());
    await platform.startOperator({ bundleMirror: server.url });
    controller = spawn(binary, ['--cluster-resource-namespace=battery-base'], {
      env: { ...process.env, KUBECONFIG: platform.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    controller.stdout!.on('data', (chunk) => (controllerLog += chunk));
    controller.stderr!.on('data', (chunk) => (controllerLog += chunk));
    platform.defer(async () => {
      controller?.kill('SIGTERM');
      metallb?.kill('SIGTERM');
    });
  }, 1_800_000);

  afterAll(() => platform?.stop(), 60_000);

  it('makes battery-ca Ready and issues every battery host a certificate that chains to it', async () => {
    await platform.kubectl(['create', 'namespace', 'batteries-included-system']);
    await platform.kubectl(['apply', '--server-side', '-f', '-'], PLATFORM);
    await eventually(
      'the ClusterIssuer battery-ca Ready',
      async () => {
        const issuer = await getJson(['get', 'clusterissuer', 'battery-ca']).catch(() => undefined);
        const ready = (issuer?.status?.conditions as Condition[] | undefined)?.find(
          (c) => c.type === 'Ready',
        );
        lastSeen = JSON.stringify(ready ?? issuer?.status ?? 'no ClusterIssuer yet');
        return ready?.status === 'True';
      },
      slow,
    );
    const names = ['core-ingress-cert', 'grafana-ingress-cert', 'victoria-metrics-ingress-cert'];
    await eventually(
      'every ingress Certificate Ready',
      async () => {
        const list = await getJson(['get', 'certificates', '-n', 'battery-istio']);
        const states = list.items.map(
          (c: { metadata: { name: string }; status?: { conditions?: Condition[] } }) =>
            `${c.metadata.name}=${c.status?.conditions?.find((x) => x.type === 'Ready')?.status ?? '?'}`,
        );
        lastSeen = states.join(' ');
        return names.every((name) => states.includes(`${name}=True`));
      },
      slow,
    );
    const dir = mkdtempSync(join(tmpdir(), 'chain-'));
    try {
      const caSecret = await getJson(['get', 'secret', 'battery-ca', '-n', 'battery-base']);
      const caFile = join(dir, 'ca.crt');
      writeFileSync(caFile, Buffer.from(caSecret.data['ca.crt'], 'base64'));
      const { stdout: subject } = await run('openssl', ['x509', '-in', caFile, '-noout', '-subject']);
      expect(subject).toMatch(/CN ?= ?Batteries Included CA/);
      for (const name of names) {
        const secret = await getJson(['get', 'secret', name, '-n', 'battery-istio']);
        const certFile = join(dir, `${name}.crt`);
        writeFileSync(certFile, Buffer.from(secret.data['tls.crt'], 'base64'));
        const { stdout } = await run('openssl', ['verify', '-CAfile', caFile, certFile]);
        expect(stdout.trim()).toBe(`${certFile}: OK`);
        const { stdout: san } = await run('openssl', [
          'x509',
          '-in',
          certFile,
          '-noout',
          '-ext',
          'subjectAltName',
        ]);
        expect(san).toContain(
          `DNS:${name === 'core-ingress-cert' ? 'control' : name === 'grafana-ingress-cert' ? 'grafana' : 'vmselect'}.127-0-0-1.sslip.io`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // What `bi status` and the console show, read by the operator from the same Secret, agrees with openssl.
    const described = await readCaCertificate(platform.config, 'battery-base', 'battery-ca');
    const dir2 = mkdtempSync(join(tmpdir(), 'ca-'));
    try {
      const caSecret = await getJson(['get', 'secret', 'battery-ca', '-n', 'battery-base']);
      writeFileSync(join(dir2, 'ca.crt'), Buffer.from(caSecret.data['ca.crt'], 'base64'));
      const { stdout } = await run('openssl', [
        'x509',
        '-in',
        join(dir2, 'ca.crt'),
        '-noout',
        '-fingerprint',
        '-sha256',
      ]);
      expect(stdout.trim().split('=')[1]).toBe(described?.fingerprintSha256);
      expect(described?.subject).toBe('CN=Batteries Included CA');
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 600_000);

  it('gets the gateway an address from MetalLB, and hostnames, routes, certificates and access-info follow it', async () => {
    // MetalLB's controller exits when its CRDs are missing; the operator has installed them by now.
    await platform.kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=120s',
      'crd/ipaddresspools.metallb.io',
    ]);
    await eventually(
      'the IPAddressPool default',
      async () =>
        (await platform.kubectl(['get', 'ipaddresspools.metallb.io', '-A', '-o', 'name'])).includes(
          'default',
        ),
      slow,
    );
    const metricsPort = await freePort();
    metallb = spawn(
      metallbBinary,
      [
        '--namespace=battery-base',
        '--webhook-mode=disabled',
        '--disable-cert-rotation',
        `--port=${metricsPort}`,
        '--ml-secret-name=metallb-memberlist',
        '--deployment=controller',
      ],
      { env: { ...process.env, KUBECONFIG: platform.kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    metallb.stdout!.on('data', (chunk) => (metallbLog += chunk));
    metallb.stderr!.on('data', (chunk) => (metallbLog += chunk));
    await eventually(
      'the gateway Service has an address from the pool',
      async () => {
        const service = await getJson(['get', 'service', 'istio-ingressgateway', '-n', 'battery-istio']);
        lastSeen = `${JSON.stringify(service.status)}\n${metallbLog.slice(-2000)}`;
        return service.status?.loadBalancer?.ingress?.[0]?.ip === '172.18.0.240';
      },
      { timeoutMs: 120_000, intervalMs: 1_000, lastSeen: () => lastSeen },
    );
    await eventually(
      'access-info, the route and the certificate follow the address',
      async () => {
        const info = await getJson(['get', 'configmap', 'access-info', '-n', 'battery-core']);
        const route = await getJson(['get', 'httproute', 'grafana', '-n', 'battery-core']);
        const cert = await getJson(['get', 'certificate', 'grafana-ingress-cert', '-n', 'battery-istio']);
        const ready = (cert.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'Ready');
        lastSeen = JSON.stringify([info.data, route.spec.hostnames, cert.spec.dnsNames, ready]);
        return (
          info.data.hostname === 'control.172-18-0-240.sslip.io' &&
          info.data.address === '172.18.0.240' &&
          route.spec.hostnames[0] === 'grafana.172-18-0-240.sslip.io' &&
          cert.spec.dnsNames[0] === 'grafana.172-18-0-240.sslip.io' &&
          ready?.status === 'True' &&
          cert.status?.revision >= 2
        );
      },
      slow,
    );
    const dir = mkdtempSync(join(tmpdir(), 'chain-'));
    try {
      const caSecret = await getJson(['get', 'secret', 'battery-ca', '-n', 'battery-base']);
      const secret = await getJson(['get', 'secret', 'grafana-ingress-cert', '-n', 'battery-istio']);
      writeFileSync(join(dir, 'ca.crt'), Buffer.from(caSecret.data['ca.crt'], 'base64'));
      writeFileSync(join(dir, 'tls.crt'), Buffer.from(secret.data['tls.crt'], 'base64'));
      const { stdout: san } = await run('openssl', [
        'x509',
        '-in',
        join(dir, 'tls.crt'),
        '-noout',
        '-ext',
        'subjectAltName',
      ]);
      expect(san).toContain('DNS:grafana.172-18-0-240.sslip.io');
      const { stdout } = await run('openssl', [
        'verify',
        '-CAfile',
        join(dir, 'ca.crt'),
        join(dir, 'tls.crt'),
      ]);
      expect(stdout.trim()).toBe(`${join(dir, 'tls.crt')}: OK`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
