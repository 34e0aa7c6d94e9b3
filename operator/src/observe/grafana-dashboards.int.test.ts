import { eventually, startPlatform, type OperatorPlatform } from '@batteries-included/operator/testing';
import { startBundleServer } from '../bundles/testing/bundle-server.js';
import { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';

const BATTERIES = ['core', 'victoria-metrics', 'kube-monitoring', 'grafana'].map((name) => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind: `${name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}Battery`,
  metadata: { name },
}));

/**
 * Grafana's dashboards arrive as bundles: the operator fetches them through its mirror (a local server laid out by
 * host and path), verifies and caches them, and the grafana battery provisions them as ConfigMaps. The
 * VictoriaMetrics dashboard is the real one — the mirror is fed from the Go module the proxy serves — and
 * grafana.com's are stand-ins (it cannot be reached from here), titled as such.
 */
describe('Grafana dashboards from bundles', () => {
  let platform: OperatorPlatform;
  const dashboard = async (name: string) => {
    const configMap = await platform.kubectl
      .json(['-n', 'battery-core', 'get', 'configmap', name])
      .catch(() => undefined);
    return configMap
      ? (JSON.parse((configMap.data as Record<string, string>)['dashboard.json']!) as Record<string, unknown>)
      : undefined;
  };

  beforeAll(async () => {
    const files = await upstreamReleaseFiles();
    const server = await startBundleServer(files);
    platform = await startPlatform({ operator: { bundleMirror: server.url } });
    platform.defer(() => server.close());
  }, 300_000);
  afterAll(() => platform?.stop(), 60_000);

  it("provisions VictoriaMetrics' real dashboard, the Kubernetes ones and the platform's own", async () => {
    for (const battery of BATTERIES) await platform.kubectl.apply(battery);
    const vm = await eventually(
      'the VictoriaMetrics dashboard ConfigMap',
      () => dashboard('grafana-dashboard-wnf0q-kzk'),
      {
        timeoutMs: 120_000,
      },
    );
    expect(vm.title).toBe('VictoriaMetrics - single-node');
    expect((vm.panels as unknown[]).length).toBeGreaterThan(10);
    const kubernetes = await dashboard('grafana-dashboard-stand-in-15757');
    expect(kubernetes?.title).toBe('Stand-in for grafana.com dashboard 15757 (not the real one)');
    expect(JSON.stringify(kubernetes)).not.toContain('${DS_');
    expect((await dashboard('grafana-dashboard-platform'))?.uid).toBe('batteries-included-platform');
    const deployment = await platform.kubectl.json(['-n', 'battery-core', 'get', 'deployment', 'grafana']);
    const sources = (
      deployment.spec.template.spec.volumes as Array<{
        name: string;
        projected?: { sources: Array<{ configMap: { name: string } }> };
      }>
    )
      .find((v) => v.name === 'dashboards')!
      .projected!.sources.map((s) => s.configMap.name);
    expect(sources).toEqual(
      expect.arrayContaining([
        'grafana-dashboard-platform',
        'grafana-dashboard-wnf0q-kzk',
        'grafana-dashboard-stand-in-15760',
      ]),
    );
  }, 180_000);
});
