import { ingressReferenceProblems } from '@batteries-included/batteries/testing';
import { policyTable, type KubeObject } from '@batteries-included/batteries';
import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { startBundleServer, type BundleServer } from './testing/bundle-server.js';
import { upstreamReleaseFiles } from './testing/upstream-bundles.js';

const battery = (kind: string, name: string, spec: object = {}) =>
  JSON.stringify({ apiVersion: 'batteries.batteriesincl.com/v1alpha1', kind, metadata: { name }, spec });

/** A platform with every ingress, TLS and mesh battery, the UIs they route, and NetworkPolicies on. */
const PLATFORM = [
  battery('CoreBattery', 'core', { networkPolicies: true, ipAddressPools: ['172.18.0.240/28'] }),
  battery('GatewayApiBattery', 'gateway-api', { channel: 'experimental' }),
  battery('IstioBattery', 'istio'),
  battery('IstioGatewayBattery', 'istio-gateway'),
  battery('CertManagerBattery', 'cert-manager', { email: 'ops@example.com' }),
  battery('BatteryCaBattery', 'battery-ca'),
  battery('TrustManagerBattery', 'trust-manager'),
  battery('IstioCsrBattery', 'istio-csr'),
  battery('GrafanaBattery', 'grafana'),
  battery('VictoriaMetricsBattery', 'victoria-metrics'),
  battery('KialiBattery', 'kiali'),
].join('\n---\n');
const BATTERIES = [
  'battery-ca',
  'cert-manager',
  'core',
  'gateway-api',
  'grafana',
  'istio',
  'istio-csr',
  'istio-gateway',
  'kiali',
  'trust-manager',
  'victoria-metrics',
];

/**
 * The ingress, TLS and mesh batteries installed by the operator on a real control plane of their own, from bundles a
 * local server assembles out of the real upstream CRDs (Gateway API experimental channel, Istio, cert-manager,
 * trust-manager; see `upstreamReleaseFiles`). Every generated route, gateway, certificate, policy and trust bundle
 * must be accepted by the API server under those schemas, and every route must name a listener and every listener a
 * certificate that exist. No upstream controller runs here: custom resources get no status.
 */
describe('ingress, TLS and the mesh against the real upstream CRDs', () => {
  let platform: Platform;
  let server: BundleServer;
  let lastSeen = '';
  const getJson = (args: string[]) => platform.kubectl.json(args);
  const slow = { timeoutMs: 240_000, intervalMs: 1_000, lastSeen: () => lastSeen };
  const items = async (kind: string): Promise<KubeObject[]> =>
    (await getJson(['get', kind, '-A', '-l', 'app.kubernetes.io/managed-by=batteries-included'])).items;
  const live = async () =>
    (
      await Promise.all(
        [
          'gateways.gateway.networking.k8s.io',
          'httproutes.gateway.networking.k8s.io',
          'certificates.cert-manager.io',
          'networkpolicies',
          'deployments',
          'statefulsets',
          'daemonsets',
        ].map(items),
      )
    ).flat();

  beforeAll(async () => {
    const files = await upstreamReleaseFiles();
    platform = await startPlatform({ operator: false });
    server = await startBundleServer(files);
    platform.defer(() => server.close());
    await platform.startOperator({ bundleMirror: server.url });
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('applies every generated Gateway, HTTPRoute, Certificate, NetworkPolicy, PeerAuthentication and Bundle', async () => {
    await platform.kubectl(['create', 'namespace', 'batteries-included-system']);
    await platform.kubectl(['apply', '--server-side', '-f', '-'], PLATFORM);
    await eventually(
      'every battery Applied',
      async () => {
        const list = await getJson(['get', 'batteries']);
        const applied = list.items.map(
          (b: {
            metadata: { name: string };
            status?: { conditions?: Array<{ type: string; status: string; message?: string }> };
          }) => {
            const condition = b.status?.conditions?.find((c) => c.type === 'Applied');
            return `${b.metadata.name}=${condition?.status ?? '?'} ${condition?.message ?? ''}`;
          },
        );
        lastSeen = applied.join(' | ');
        return applied.length === BATTERIES.length && applied.every((a: string) => a.includes('=True'));
      },
      slow,
    );
    const objects = await live();
    expect(ingressReferenceProblems(objects)).toEqual([]);
    const names = (kind: string) =>
      objects
        .filter((o) => o.kind === kind)
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
        .sort();
    expect(names('HTTPRoute')).toEqual([
      'batteries-included-system/control',
      'battery-core/grafana',
      'battery-core/vmselect',
      'battery-istio/https-redirect',
      'battery-istio/kiali',
    ]);
    expect(names('Certificate')).toEqual([
      'battery-base/battery-ca',
      'battery-base/trust-manager',
      'battery-istio/core-ingress-cert',
      'battery-istio/grafana-ingress-cert',
      'battery-istio/istiod',
      'battery-istio/kiali-ingress-cert',
      'battery-istio/victoria-metrics-ingress-cert',
    ]);
    const gateway = objects.find((o) => o.kind === 'Gateway' && o.metadata.name === 'istio-ingressgateway')!;
    expect((gateway.spec as { listeners: Array<{ name: string }> }).listeners.map((l) => l.name)).toEqual([
      'http',
      'ssh',
      'https-control',
      'https-grafana',
      'https-kiali',
      'https-vmselect',
    ]);
    const peerAuthentications = await getJson(['get', 'peerauthentications.security.istio.io', '-A']);
    expect(
      peerAuthentications.items.map(
        (p: KubeObject) => `${p.metadata.namespace}/${p.metadata.name} ${JSON.stringify(p.spec)}`,
      ),
    ).toEqual([
      'battery-ai/default {"mtls":{"mode":"STRICT"}}',
      'battery-core/default {"mtls":{"mode":"STRICT"}}',
      'battery-data/default {"mtls":{"mode":"STRICT"}}',
    ]);
    const bundle = await getJson(['get', 'bundles.trust.cert-manager.io', 'battery-ca-bundle']);
    expect(bundle.spec.sources).toEqual([{ secret: { name: 'battery-ca', key: 'ca.crt' } }]);
    // The policies as the API server holds them, read back into a table (no CNI here enforces them).
    const table = policyTable(objects);
    for (const row of [
      /^istio-gateway\s+→ grafana\s+battery-core\/grafana\s+http$/m,
      /^kiali\s+→ victoria-metrics\s+battery-core\/vmsingle\s+http$/m,
      /^istio\s+→ istio-csr\s+battery-base\/cert-manager-istio-csr\s+6443,9402$/m,
    ])
      expect(table).toMatch(row);
  }, 300_000);

  it("follows the gateway's load-balancer address in the next pass: routes, certificates and access-info", async () => {
    const before = await getJson(['get', 'configmap', 'access-info', '-n', 'battery-core']);
    expect(before.data).toEqual({ hostname: 'control.127-0-0-1.sslip.io', ssl: 'true', address: '' });
    // Stands in for MetalLB, which does not run here: the address it would give the gateway from the core pool.
    await platform.kubectl([
      'patch',
      'service',
      'istio-ingressgateway',
      '-n',
      'battery-istio',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"loadBalancer":{"ingress":[{"ip":"172.18.0.240"}]}}}',
    ]);
    await eventually(
      'access-info follows the address',
      async () => {
        const info = await getJson(['get', 'configmap', 'access-info', '-n', 'battery-core']);
        lastSeen = JSON.stringify(info.data);
        return info.data.address === '172.18.0.240';
      },
      slow,
    );
    const info = await getJson(['get', 'configmap', 'access-info', '-n', 'battery-core']);
    expect(info.data).toEqual({
      hostname: 'control.172-18-0-240.sslip.io',
      ssl: 'true',
      address: '172.18.0.240',
    });
    await eventually(
      'routes and certificates follow the address',
      async () => {
        const objects = await live();
        const grafana = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'grafana');
        const certificate = objects.find(
          (o) => o.kind === 'Certificate' && o.metadata.name === 'grafana-ingress-cert',
        );
        lastSeen = JSON.stringify([grafana?.spec, certificate?.spec]);
        return (
          JSON.stringify((grafana?.spec as { hostnames: string[] }).hostnames) ===
            '["grafana.172-18-0-240.sslip.io"]' &&
          JSON.stringify((certificate?.spec as { dnsNames: string[] }).dnsNames) ===
            '["grafana.172-18-0-240.sslip.io"]' &&
          ingressReferenceProblems(objects).length === 0
        );
      },
      slow,
    );
  }, 300_000);
});
