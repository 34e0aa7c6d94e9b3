/**
 * The fixed set of PromQL (MetricsQL) queries the API runs for the console. The browser names a query and a scope;
 * it never sends PromQL. A query's `{{scope}}` is replaced by label filters built from validated names only
 * (`scopeFilter`), so nothing the caller sends reaches the query text unescaped.
 */

/** What a query's values measure, so charts label their axis. */
export type QueryUnit = 'cores' | 'bytes' | 'count' | 'ratio' | 'per-second' | 'seconds';

/** Which scopes a query needs: pods of a battery, an instance or one pod; or the whole platform. */
export type QueryScopeKind = 'workload' | 'platform';

export interface NamedQuery {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly unit: QueryUnit;
  readonly scope: QueryScopeKind;
  /** MetricsQL with `{{scope}}` (label filters, for `workload` queries) and `{{window}}` (a rate window). */
  readonly promql: string;
}

const query = (q: NamedQuery) => q;

/** Every named query, by name. */
export const NAMED_QUERIES: Readonly<Record<string, NamedQuery>> = Object.fromEntries(
  [
    query({
      name: 'cpu',
      title: 'CPU',
      description: 'CPU used per pod (cAdvisor via the kubelet), in cores.',
      unit: 'cores',
      scope: 'workload',
      promql: 'sum by (pod) (rate(container_cpu_usage_seconds_total{container!="",{{scope}}}[{{window}}]))',
    }),
    query({
      name: 'memory',
      title: 'Memory',
      description: 'Working-set memory per pod (what the kernel would not reclaim), in bytes.',
      unit: 'bytes',
      scope: 'workload',
      promql: 'sum by (pod) (container_memory_working_set_bytes{container!="",{{scope}}})',
    }),
    query({
      name: 'restarts',
      title: 'Restarts',
      description: 'Container restarts per pod (kube-state-metrics).',
      unit: 'count',
      scope: 'workload',
      promql: 'sum by (pod) (kube_pod_container_status_restarts_total{{{scope}}})',
    }),
    query({
      name: 'postgres-connections',
      title: 'Postgres connections',
      description: 'Open connections per PostgreSQL instance (the CloudNativePG exporter).',
      unit: 'count',
      scope: 'workload',
      promql: 'sum by (pod) (cnpg_backends_total{{{scope}}})',
    }),
    query({
      name: 'redis-memory',
      title: 'Redis memory',
      description: 'Memory Redis uses for data, per pod (redis_exporter).',
      unit: 'bytes',
      scope: 'workload',
      promql: 'sum by (pod) (redis_memory_used_bytes{{{scope}}})',
    }),
    query({
      name: 'redis-hit-rate',
      title: 'Redis hit rate',
      description: 'Share of key lookups that found their key (redis_exporter).',
      unit: 'ratio',
      scope: 'workload',
      promql:
        'sum(rate(redis_keyspace_hits_total{{{scope}}}[{{window}}])) / (sum(rate(redis_keyspace_hits_total{{{scope}}}[{{window}}])) + sum(rate(redis_keyspace_misses_total{{{scope}}}[{{window}}])))',
    }),
    query({
      name: 'vm-ingestion-rate',
      title: 'VictoriaMetrics ingestion',
      description: 'Samples VictoriaMetrics stores per second.',
      unit: 'per-second',
      scope: 'platform',
      promql: 'sum(rate(vm_rows_added_to_storage_total[{{window}}]))',
    }),
    query({
      name: 'pass-duration',
      title: 'Pass duration',
      description: "Mean duration of the operator's passes.",
      unit: 'seconds',
      scope: 'platform',
      promql:
        'sum(rate(bi_pass_duration_seconds_sum[{{window}}])) / sum(rate(bi_pass_duration_seconds_count[{{window}}]))',
    }),
    query({
      name: 'passes',
      title: 'Passes',
      description: 'Passes per second, by outcome.',
      unit: 'per-second',
      scope: 'platform',
      promql: 'sum by (outcome) (rate(bi_passes_total[{{window}}]))',
    }),
    query({
      name: 'objects-by-action',
      title: 'Objects by action',
      description: 'Objects handled by passes per second, by action.',
      unit: 'per-second',
      scope: 'platform',
      promql: 'sum by (action) (rate(bi_objects_total[{{window}}]))',
    }),
  ].map((q) => [q.name, q]),
);

/** The key metric each battery's panel shows beside CPU, memory and restarts. */
export const KEY_QUERIES: Readonly<Record<string, readonly string[]>> = {
  'cloudnative-pg': ['postgres-connections'],
  redis: ['redis-memory', 'redis-hit-rate'],
  'victoria-metrics': ['vm-ingestion-rate'],
};

/** The pods a workload-scoped query covers: per namespace, the pod names (as an anchored regular expression). */
export interface PodScope {
  readonly namespace: string;
  /** A regular expression over pod names, built by `podNamePattern` from validated names. */
  readonly podPattern: string;
}

/**
 * The label filters for a scope: `namespace="a",pod=~"x" or namespace="b",pod=~"y"` (MetricsQL's `or` filters).
 * Values are escaped for a PromQL string even though callers pass only DNS names and patterns built from them.
 */
export function scopeFilter(scopes: readonly PodScope[]): string {
  return scopes
    .map((scope) => `namespace=${promqlString(scope.namespace)},pod=~${promqlString(scope.podPattern)}`)
    .join(' or ');
}

/** The query's MetricsQL with its scope and window filled in. */
export function renderQuery(query: NamedQuery, scopes: readonly PodScope[], window: string): string {
  return query.promql.replaceAll('{{scope}}', scopeFilter(scopes)).replaceAll('{{window}}', window);
}

/** A double-quoted PromQL string literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
