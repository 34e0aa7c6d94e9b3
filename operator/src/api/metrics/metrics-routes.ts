import { findBattery } from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { ApiOptions } from '../api-options.js';
import { ApiProblem } from '../problem.js';
import { readQuery } from '../request.js';
import type { METRIC_RANGES } from '../schemas.js';
import {
  metricQueryParams,
  type metricQueryResult,
  type metricSeries,
  type namedQueryList,
} from '../schemas.js';
import { KEY_QUERIES, NAMED_QUERIES, renderQuery, type NamedQuery } from './named-queries.js';
import { podScopes, victoriaMetricsLocation, type QueryScope } from './query-scope.js';

type MetricRange = (typeof METRIC_RANGES)[number];
type Series = z.input<typeof metricSeries>;

/** Seconds per range, and the rate window each range's charts use. */
const RANGES: Readonly<Record<MetricRange, { seconds: number; window: string }>> = {
  '15m': { seconds: 900, window: '1m' },
  '1h': { seconds: 3600, window: '2m' },
  '6h': { seconds: 21_600, window: '5m' },
  '24h': { seconds: 86_400, window: '15m' },
  '7d': { seconds: 604_800, window: '1h' },
};
/** About this many points per series. */
const POINTS = 120;
/** A chart shows a handful of series; a scope with more pods than this gets the first ones, sorted. */
const MAX_SERIES = 50;
/** VictoriaMetrics answers in milliseconds; a stuck connection must not hold the request. */
const QUERY_TIMEOUT_MS = 10_000;

export interface MetricsRoutesOptions extends Pick<ApiOptions, 'view' | 'victoriaMetricsUrl' | 'logger'> {
  /** The clock, for the end of the range. @default Date.now */
  now?: () => number;
}

/**
 * `GET /metrics/queries` (the named queries, and whether VictoriaMetrics is installed and reachable) and
 * `GET /metrics/queries/{name}?battery=|instance=|namespace=&pod=&range=`: runs one named query over a range
 * ending now against VictoriaMetrics and answers its series. The browser never sends PromQL: the query text is
 * fixed and the scope becomes label filters built from validated names.
 */
export function metricsRoutes(options: MetricsRoutesOptions): Hono {
  const app = new Hono();
  const location = () => victoriaMetricsLocation(options.view, options.victoriaMetricsUrl);
  const now = options.now ?? Date.now;

  app.get('/metrics/queries', (c) => {
    const body: z.input<typeof namedQueryList> = {
      queries: Object.values(NAMED_QUERIES).map(view),
      keyQueries: Object.fromEntries(Object.entries(KEY_QUERIES).map(([k, v]) => [k, [...v]])),
      installed: options.view.batteries().some((b) => b.metadata.name === 'victoria-metrics'),
      available: location() !== undefined,
    };
    return c.json(body);
  });

  app.get('/metrics/queries/:name', async (c) => {
    const name = c.req.param('name');
    const query = Object.hasOwn(NAMED_QUERIES, name) ? NAMED_QUERIES[name] : undefined;
    if (!query)
      throw new ApiProblem(
        404,
        'not-found',
        `no named query "${name}"; GET /api/v1/metrics/queries lists them`,
      );
    const params = readQuery(c, metricQueryParams);
    const scope = scopeOf(query, params);
    const base = location();
    if (!base)
      throw new ApiProblem(
        503,
        'metrics-unavailable',
        'VictoriaMetrics is not installed: install the victoria-metrics battery to see metrics',
      );
    const range = RANGES[params.range];
    const step = Math.max(15, Math.round(range.seconds / POINTS));
    const pods = podScopes(scope, options.view.live());
    const result: z.input<typeof metricQueryResult> = {
      ...view(query),
      range: params.range,
      step,
      series: [],
    };
    // A battery or instance with no workloads (yet) has no series; asking would match every pod.
    if (query.scope === 'workload' && pods.length === 0) return c.json(result);
    const end = Math.floor(now() / 1000);
    const url = new URL('/api/v1/query_range', base);
    url.search = new URLSearchParams({
      query: renderQuery(query, pods, range.window),
      start: String(end - range.seconds),
      end: String(end),
      step: `${step}s`,
    }).toString();
    result.series = await rangeQuery(url, options);
    return c.json(result);
  });
  return app;
}

function view(query: NamedQuery) {
  const { name, title, description, unit, scope } = query;
  return { name, title, description, unit, scope };
}

/** The one scope the parameters name; problems name the parameters. */
function scopeOf(query: NamedQuery, params: z.output<typeof metricQueryParams>): QueryScope {
  const given = (['battery', 'instance', 'namespace', 'pod'] as const).filter((p) => params[p] !== undefined);
  const refuse = (message: string) =>
    new ApiProblem(400, 'bad-request', message, { errors: [{ field: given[0] ?? 'battery', message }] });
  if (query.scope === 'platform') {
    if (given.length > 0)
      throw refuse(`${query.name} covers the whole platform: it takes no ${given.join(', ')}`);
    return { kind: 'platform' };
  }
  if (params.battery !== undefined && given.length === 1) {
    if (!findBattery(params.battery))
      throw refuse(`battery: no battery type "${params.battery}" in the catalog`);
    return { kind: 'battery', battery: params.battery };
  }
  if (params.instance !== undefined && given.length === 1) {
    const [namespace, name] = params.instance.split('/') as [string, string];
    return { kind: 'instance', namespace, name };
  }
  if (params.namespace !== undefined && params.pod !== undefined && given.length === 2)
    return { kind: 'pod', namespace: params.namespace, pod: params.pod };
  throw refuse(`${query.name} needs exactly one of battery, instance, or namespace with pod`);
}

interface PrometheusMatrix {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
  };
}

/** Runs a range query; VictoriaMetrics unreachable or failing is a 502 naming what happened. */
async function rangeQuery(url: URL, options: MetricsRoutesOptions): Promise<Series[]> {
  let body: PrometheusMatrix;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) });
    body = (await response.json()) as PrometheusMatrix;
  } catch (error) {
    options.logger?.warn({ err: String(error), url: url.origin }, 'VictoriaMetrics query failed');
    throw new ApiProblem(502, 'metrics-unreachable', `VictoriaMetrics at ${url.origin} did not answer`);
  }
  if (body.status !== 'success' || body.data?.resultType !== 'matrix')
    throw new ApiProblem(
      502,
      'metrics-query-failed',
      `VictoriaMetrics refused the query: ${body.error ?? 'no data'}`,
    );
  return body.data.result
    .map((series) => ({
      labels: series.metric,
      points: series.values
        .map(([time, value]) => [time, Number(value)] as [number, number])
        .filter(([, value]) => Number.isFinite(value)),
    }))
    .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1))
    .slice(0, MAX_SERIES);
}
