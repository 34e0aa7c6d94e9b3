import {
  BATTERY_LABEL,
  INSTANCE_LABEL,
  platformSettings,
  victoriaMetricsUrl,
  type KubeObject,
} from '@batteries-included/batteries';
import type { ClusterView } from '../api-options.js';
import type { PodScope } from './named-queries.js';

/** Whose pods a query covers. Names are validated by the route before they get here. */
export type QueryScope =
  | { readonly kind: 'battery'; readonly battery: string }
  | { readonly kind: 'instance'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'pod'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'platform' };

/** How each workload kind names its pods, as a regular expression after the workload's name. */
const POD_SUFFIXES: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': '-[a-z0-9]+-[a-z0-9]+',
  'apps/v1/StatefulSet': '-[0-9]+',
  'apps/v1/DaemonSet': '-[a-z0-9]+',
  // CloudNativePG names instance pods <cluster>-<n>.
  'postgresql.cnpg.io/v1/Cluster': '-[0-9]+',
};

/**
 * The pods of a scope, per namespace, from the operator's cache: the workloads (Deployments, StatefulSets,
 * DaemonSets, CloudNativePG Clusters) a battery generated (label `batteriesincl.com/battery`) or that render an
 * instance (label `batteriesincl.com/instance` in its namespace), turned into pod-name patterns; or one pod.
 * Sorted, so the same cache gives the same query.
 */
export function podScopes(scope: QueryScope, live: ReadonlyMap<string, KubeObject>): PodScope[] {
  if (scope.kind === 'platform') return [];
  if (scope.kind === 'pod') return [{ namespace: scope.namespace, podPattern: escapeRegex(scope.pod) }];
  const patterns = new Map<string, string[]>();
  for (const object of live.values()) {
    const suffix = POD_SUFFIXES[`${object.apiVersion}/${object.kind}`];
    const namespace = object.metadata.namespace;
    if (!suffix || !namespace || !belongs(object, scope)) continue;
    patterns.set(namespace, [
      ...(patterns.get(namespace) ?? []),
      `${escapeRegex(object.metadata.name)}${suffix}`,
    ]);
  }
  return [...patterns]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([namespace, names]) => ({ namespace, podPattern: names.sort().join('|') }));
}

function belongs(object: KubeObject, scope: Exclude<QueryScope, { kind: 'platform' | 'pod' }>): boolean {
  const labels = object.metadata.labels ?? {};
  if (scope.kind === 'battery') return labels[BATTERY_LABEL] === scope.battery;
  return object.metadata.namespace === scope.namespace && labels[INSTANCE_LABEL] === scope.name;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the operator reaches VictoriaMetrics: `configured` (BI_VICTORIA_METRICS_URL) when set, else the
 * victoria-metrics battery's in-cluster Service when that battery is installed, else nowhere.
 */
export function victoriaMetricsLocation(view: ClusterView, configured?: string): string | undefined {
  if (configured) return configured;
  const batteries = view.batteries();
  if (!batteries.some((b) => b.metadata.name === 'victoria-metrics')) return undefined;
  const core = batteries.find((b) => b.metadata.name === 'core')?.spec ?? {};
  const settings = platformSettings({ batteries: { core }, live: {}, secretMaterial: {} });
  return victoriaMetricsUrl(settings.namespaces);
}
