import type { PlatformNamespaces } from '../../model/settings.js';

/** The name of VictoriaMetrics' StatefulSet, Service and ServiceAccount. */
export const VMSINGLE_NAME = 'vmsingle';

/** The port VictoriaMetrics serves its HTTP API (writes, PromQL queries, /metrics) on. */
export const VMSINGLE_PORT = 8428;

/**
 * The in-cluster base URL of the VictoriaMetrics HTTP API, which speaks the Prometheus query API; Grafana
 * uses it as a `prometheus` datasource. VictoriaMetrics lives in the core namespace.
 * @example victoriaMetricsUrl({ core: 'battery-core', ... }) // 'http://vmsingle.battery-core.svc:8428'
 */
export function victoriaMetricsUrl(namespaces: Pick<PlatformNamespaces, 'core'>): string {
  return `http://${VMSINGLE_NAME}.${namespaces.core}.svc:${VMSINGLE_PORT}`;
}
