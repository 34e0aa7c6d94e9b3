import { CATALOG, generate, type KubeObject } from '@batteries-included/batteries';
import { testSnapshot } from '@batteries-included/batteries/testing';
import type { MetricQueryResult } from '@batteries-included/operator/api-types';
import {
  eventually,
  freePort,
  startPlatform,
  type OperatorPlatform,
  type PlatformApi,
} from '@batteries-included/operator/testing';
import {
  checkScrapeConfig,
  startVictoriaMetrics,
  VICTORIA_METRICS_VERSION,
  type TestVictoriaMetrics,
} from '@batteries-included/testenv';

/** The scrape configuration the victoria-metrics battery generates for these batteries. */
function generatedScrapeConfig(batteries: Record<string, unknown>): string {
  const { objects } = generate(testSnapshot(batteries));
  const configMap = objects.find(
    (o: KubeObject) => o.kind === 'ConfigMap' && o.metadata.name === 'vmsingle-scrape',
  );
  if (!configMap) throw new Error('no vmsingle-scrape ConfigMap was generated');
  return (configMap.data as Record<string, string>)['scrape.yaml']!;
}

const everything = Object.fromEntries(CATALOG.map((b) => [b.type, {}]));
const platformExample = {
  core: {},
  'victoria-metrics': {},
  'kube-monitoring': {},
  loki: {},
  grafana: {},
  redis: {},
};

/**
 * VictoriaMetrics built from its Go module (github.com/VictoriaMetrics/VictoriaMetrics, testenv's Go tool
 * builder, cached): its own config check accepts what the catalog generates, and a real vmsingle scrapes the
 * operator's /metrics.
 */
describe(`VictoriaMetrics ${VICTORIA_METRICS_VERSION} from its Go module`, () => {
  it.each([
    ['the platform example', platformExample],
    ['everything installed', everything],
    [
      'without kubelets, every 15 s',
      { ...everything, 'victoria-metrics': { scrapeKubelets: false, scrapeInterval: '15s' } },
    ],
    ['a custom core namespace', { ...platformExample, core: { namespaces: { core: 'platform' } } }],
  ])(
    'accepts the scrape configuration generated for %s',
    async (_, batteries) => {
      const check = await checkScrapeConfig(generatedScrapeConfig(batteries));
      expect(check.output).toContain('-promscrape.config is ok');
      expect(check.ok).toBe(true);
    },
    600_000,
  );

  it('refuses a configuration with a mistake, naming it (so the check above can fail)', async () => {
    const broken = generatedScrapeConfig(everything).replace('action: keep', 'action: kepp');
    const check = await checkScrapeConfig(broken);
    expect(check.ok).toBe(false);
    expect(check.output).toContain('kepp');
  });

  describe("scraping the operator's /metrics, queried through the API's named queries", () => {
    let platform: OperatorPlatform;
    let vm: TestVictoriaMetrics;
    let api: PlatformApi;
    const query = async (promql: string) => {
      const response = await fetch(`${vm.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      return body.data.result;
    };

    beforeAll(async () => {
      platform = await startPlatform();
      const port = await freePort();
      vm = await startVictoriaMetrics({
        scrapeConfig: [
          'global: { scrape_interval: 1s }',
          'scrape_configs:',
          '  - job_name: batteries-included-operator',
          `    static_configs: [{ targets: ['127.0.0.1:${port}'] }]`,
        ].join('\n'),
      });
      platform.defer(() => vm.stop());
      api = await platform.startApi({ port, listen: true, victoriaMetricsUrl: vm.url });
    }, 600_000);
    afterAll(() => platform?.stop(), 60_000);

    it('stores the pass metrics the operator serves', async () => {
      await platform.kubectl.apply({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind: 'CoreBattery',
        metadata: { name: 'core' },
      });
      const passes = await eventually(
        'bi_passes_total in VictoriaMetrics',
        async () => {
          const result = await query('sum(bi_passes_total{job="batteries-included-operator"})');
          return result.length > 0 && Number(result[0]!.value[1]) > 0 ? result : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(Number(passes[0]!.value[1])).toBeGreaterThan(0);
      expect(await query('up{job="batteries-included-operator"}')).toEqual([
        expect.objectContaining({ value: [expect.any(Number), '1'] }),
      ]);
    }, 90_000);

    it('answers the platform query pass-duration with real points scraped from the operator', async () => {
      const result = await eventually(
        'pass-duration points',
        async () => {
          // A rate needs passes between two scrapes: on a loaded machine the passes of the last test may all have
          // finished before VictoriaMetrics' second scrape, so keep asking for one while waiting.
          platform.operator.requestPass('test');
          const { body } = await api.call<MetricQueryResult>(
            '/api/v1/metrics/queries/pass-duration?range=15m',
          );
          return body.series.length > 0 && body.series[0]!.points.length > 0 ? body : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(result).toMatchObject({ name: 'pass-duration', unit: 'seconds', range: '15m', step: 15 });
      for (const [time, value] of result.series[0]!.points) {
        expect(time).toBeGreaterThan(1_600_000_000);
        expect(value).toBeGreaterThan(0);
      }
    }, 90_000);

    it("answers a battery's CPU from series of its pods only", async () => {
      await platform.kubectl.apply({
        apiVersion: 'batteries.batteriesincl.com/v1alpha1',
        kind: 'VictoriaMetricsBattery',
        metadata: { name: 'victoria-metrics' },
      });
      // kwok's simulated nodes have no kubelet to scrape: these series stand in for cAdvisor's, imported into the
      // real VictoriaMetrics over its import API — for a pod of the battery and a pod of another.
      const now = Date.now();
      const lines = [0, 60, 120].flatMap((ago, i) => [
        `container_cpu_usage_seconds_total{namespace="battery-core",pod="vmsingle-0",container="vmsingle"} ${10 + i * 6} ${now - ago * 1000}`,
        `container_cpu_usage_seconds_total{namespace="battery-core",pod="grafana-1-2",container="grafana"} ${5 + i} ${now - ago * 1000}`,
      ]);
      const imported = await fetch(`${vm.url}/api/v1/import/prometheus`, {
        method: 'POST',
        body: lines.join('\n'),
      });
      expect(imported.status).toBe(204);
      const result = await eventually(
        'CPU of the victoria-metrics battery',
        async () => {
          const { body } = await api.call<MetricQueryResult>(
            '/api/v1/metrics/queries/cpu?battery=victoria-metrics&range=15m',
          );
          return body.series.length > 0 ? body : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(result.series.map((s) => s.labels)).toEqual([{ pod: 'vmsingle-0' }]);
      expect(result.series[0]!.points.length).toBeGreaterThan(0);
      expect(result.series[0]!.points.every(([, value]) => value > 0)).toBe(true);
    }, 90_000);
  });
});
