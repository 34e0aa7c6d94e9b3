// TanStack Query hooks for the metrics the operator proxies (named queries, never PromQL) and node capacity.
// Imported only by the lazy chart components, so none of this is in the first load.
import { useQuery } from '@tanstack/react-query';
import type {
  Capacity,
  MetricQueryResult,
  MetricRange,
  NamedQueryList,
} from '@batteries-included/operator/api-types';
import { api } from './client.js';

/** Charts refresh on their own: metrics move without events. */
const METRICS_REFRESH_MS = 30_000;

/** Whose pods a workload query covers; platform queries take none. */
export type MetricScope =
  { battery: string } | { instance: string } | { namespace: string; pod: string } | null;

export const useNamedQueries = () =>
  useQuery({ queryKey: ['metrics', 'queries'], queryFn: () => api<NamedQueryList>('/metrics/queries') });

export const useMetricQuery = (name: string, scope: MetricScope, range: MetricRange, isEnabled = true) =>
  useQuery({
    queryKey: ['metrics', name, scope, range],
    queryFn: () => {
      const params = new URLSearchParams({ ...(scope ?? {}), range: range ?? '1h' });
      return api<MetricQueryResult>(`/metrics/queries/${encodeURIComponent(name)}?${params}`);
    },
    enabled: isEnabled,
    refetchInterval: METRICS_REFRESH_MS,
    retry: false,
  });

export const useCapacity = () =>
  useQuery({
    queryKey: ['capacity'],
    queryFn: () => api<Capacity>('/capacity'),
    refetchInterval: METRICS_REFRESH_MS,
  });
