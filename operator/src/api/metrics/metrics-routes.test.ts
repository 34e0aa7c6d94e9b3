import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { createPgliteSql } from '@batteries-included/sql';
import { EventBus } from '../../engine/event-bus.js';
import { createStore, type Store } from '../../store/store.js';
import { createApiApp } from '../app.js';
import { PROBLEM_BASE } from '../problem.js';
import { NAMED_QUERIES, renderQuery } from './named-queries.js';
import { podScopes } from './query-scope.js';

const battery = (name: string, spec: object = {}): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind: 'Battery',
  metadata: { name },
  spec,
});
const workload = (
  kind: string,
  name: string,
  namespace: string,
  labels: Record<string, string>,
): KubeObject => ({
  apiVersion: kind === 'Cluster' ? 'postgresql.cnpg.io/v1' : 'apps/v1',
  kind,
  metadata: { name, namespace, labels },
});
const LIVE = [
  workload('StatefulSet', 'redis', 'battery-data', { 'batteriesincl.com/battery': 'redis' }),
  workload('Deployment', 'redis-exporter', 'battery-data', { 'batteriesincl.com/battery': 'redis' }),
  workload('Deployment', 'grafana', 'battery-core', { 'batteriesincl.com/battery': 'grafana' }),
  workload('Cluster', 'pg-orders', 'shop', {
    'batteriesincl.com/battery': 'cloudnative-pg',
    'batteriesincl.com/instance': 'orders',
  }),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'battery-data', labels: {} } },
];
const live = new Map(LIVE.map((o) => [objectKey(o), o]));

describe('named metric queries', () => {
  it('cover the pods of a battery, per namespace, by how each workload kind names its pods', () => {
    expect(podScopes({ kind: 'battery', battery: 'redis' }, live)).toEqual([
      { namespace: 'battery-data', podPattern: 'redis-[0-9]+|redis-exporter-[a-z0-9]+-[a-z0-9]+' },
    ]);
    expect(podScopes({ kind: 'instance', namespace: 'shop', name: 'orders' }, live)).toEqual([
      { namespace: 'shop', podPattern: 'pg-orders-[0-9]+' },
    ]);
    expect(podScopes({ kind: 'instance', namespace: 'other', name: 'orders' }, live)).toEqual([]);
    expect(podScopes({ kind: 'pod', namespace: 'shop', pod: 'pg-orders-1' }, live)).toEqual([
      { namespace: 'shop', podPattern: 'pg-orders-1' },
    ]);
  });

  it('render fixed MetricsQL with the scope as label filters', () => {
    const scopes = podScopes({ kind: 'battery', battery: 'redis' }, live);
    expect(renderQuery(NAMED_QUERIES.cpu!, scopes, '2m')).toBe(
      'sum by (pod) (rate(container_cpu_usage_seconds_total{container!="",namespace="battery-data",pod=~"redis-[0-9]+|redis-exporter-[a-z0-9]+-[a-z0-9]+"}[2m]))',
    );
    expect(
      renderQuery(
        NAMED_QUERIES.restarts!,
        [
          { namespace: 'a', podPattern: 'x' },
          { namespace: 'b', podPattern: 'y' },
        ],
        '1m',
      ),
    ).toBe(
      'sum by (pod) (kube_pod_container_status_restarts_total{namespace="a",pod=~"x" or namespace="b",pod=~"y"})',
    );
    expect(renderQuery(NAMED_QUERIES['pass-duration']!, [], '5m')).toBe(
      'sum(rate(bi_pass_duration_seconds_sum[5m])) / sum(rate(bi_pass_duration_seconds_count[5m]))',
    );
  });
});

/**
 * The routes through `app.request()`. VictoriaMetrics is a stand-in here — a local HTTP server that records the
 * query it is sent and answers one series — so each test can assert the exact PromQL; the real VictoriaMetrics
 * answers in operator/src/observe/victoria-metrics.int.test.ts.
 */
describe('the metrics routes', () => {
  const TOKEN = 'test-token-0123456789';
  let store: Store;
  let server: Server;
  let received: URLSearchParams[] = [];
  const config = new KubeConfig();
  const appWith = (batteries: KubeObject[], victoriaMetricsUrl?: string) =>
    createApiApp({
      store,
      config,
      view: { batteries: () => batteries, live: () => live },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => TOKEN,
      ...(victoriaMetricsUrl ? { victoriaMetricsUrl } : {}),
    });
  let app: ReturnType<typeof createApiApp>;
  const call = (path: string, token: string | null = TOKEN, target = app) =>
    target.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field below
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  beforeAll(async () => {
    store = await createStore(await createPgliteSql());
    server = createServer((request, response) => {
      received.push(new URL(request.url!, 'http://vm').searchParams);
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { pod: 'redis-0' },
                values: [
                  [1000, '0.25'],
                  [1060, 'NaN'],
                  [1120, '0.5'],
                ],
              },
            ],
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = appWith([battery('core'), battery('victoria-metrics'), battery('redis')], url);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  beforeEach(() => (received = []));

  it('lists the named queries and whether VictoriaMetrics is installed', async () => {
    const body = await json(await call('/api/v1/metrics/queries'));
    expect(body.queries.map((q: { name: string }) => q.name)).toEqual(Object.keys(NAMED_QUERIES));
    expect(body.keyQueries.redis).toEqual(['redis-memory', 'redis-hit-rate']);
    expect(body).toMatchObject({ installed: true, available: true });
    const bare = await json(await call('/api/v1/metrics/queries', TOKEN, appWith([battery('core')])));
    expect(bare).toMatchObject({ installed: false, available: false });
  });

  it("runs a battery's query over the range and answers its series, dropping points that are not numbers", async () => {
    const response = await call('/api/v1/metrics/queries/cpu?battery=redis&range=1h');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      name: 'cpu',
      title: 'CPU',
      description: expect.any(String),
      unit: 'cores',
      scope: 'workload',
      range: '1h',
      step: 30,
      series: [
        {
          labels: { pod: 'redis-0' },
          points: [
            [1000, 0.25],
            [1120, 0.5],
          ],
        },
      ],
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.get('query')).toBe(
      'sum by (pod) (rate(container_cpu_usage_seconds_total{container!="",namespace="battery-data",pod=~"redis-[0-9]+|redis-exporter-[a-z0-9]+-[a-z0-9]+"}[2m]))',
    );
    expect(Number(received[0]!.get('end')) - Number(received[0]!.get('start'))).toBe(3600);
    expect(received[0]!.get('step')).toBe('30s');
  });

  it('answers no series, without asking, for a battery with no workloads', async () => {
    const body = await json(await call('/api/v1/metrics/queries/memory?battery=keycloak'));
    expect(body.series).toEqual([]);
    expect(received).toEqual([]);
  });

  it('requires the token', async () => {
    const response = await call('/api/v1/metrics/queries/cpu?battery=redis', null);
    expect(response.status).toBe(401);
    expect(received).toEqual([]);
  });

  it.each([
    ['a PromQL break-out in battery', 'cpu?battery=redis"}%20or%20up{x="'],
    ['a regex in pod', 'cpu?namespace=battery-data&pod=.*'],
    ['a quote in the instance', 'cpu?instance=shop/orders"'],
    ['a namespace with upper case', 'cpu?namespace=Battery&pod=redis-0'],
    ['an unknown battery type', 'cpu?battery=not-a-battery'],
    ['two scopes at once', 'cpu?battery=redis&instance=shop/orders'],
    ['a pod without its namespace', 'cpu?pod=redis-0'],
    ['no scope', 'cpu'],
    ['a scope on a platform query', 'pass-duration?battery=redis'],
    ['an unknown range', 'cpu?battery=redis&range=1y'],
    ['an unknown parameter (raw PromQL)', 'cpu?battery=redis&query=up'],
  ])('refuses %s with 400 naming the parameter, sending nothing', async (_, path) => {
    const response = await call(`/api/v1/metrics/queries/${path}`);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.type).toBe(`${PROBLEM_BASE}bad-request`);
    expect(body.errors.length).toBeGreaterThan(0);
    expect(received).toEqual([]);
  });

  it('answers 404 for a query that is not in the fixed set', async () => {
    const response = await call('/api/v1/metrics/queries/up');
    expect(response.status).toBe(404);
    expect((await json(response)).detail).toContain('GET /api/v1/metrics/queries');
  });

  it('answers 503 metrics-unavailable, naming the battery to install, without VictoriaMetrics', async () => {
    const response = await call(
      '/api/v1/metrics/queries/cpu?battery=redis',
      TOKEN,
      appWith([battery('core')]),
    );
    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.type).toBe(`${PROBLEM_BASE}metrics-unavailable`);
    expect(body.detail).toContain('install the victoria-metrics battery');
  });

  it('answers 502 when VictoriaMetrics cannot be reached', async () => {
    const response = await call(
      '/api/v1/metrics/queries/vm-ingestion-rate',
      TOKEN,
      appWith([battery('victoria-metrics')], 'http://127.0.0.1:9'),
    );
    expect(response.status).toBe(502);
    expect((await json(response)).type).toBe(`${PROBLEM_BASE}metrics-unreachable`);
  });
});
