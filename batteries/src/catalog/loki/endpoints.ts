import type { PlatformNamespaces } from '../../model/settings.js';

/** The name of Loki's StatefulSet, client Service and ServiceAccount. */
export const LOKI_NAME = 'loki';

/** The port Loki serves its HTTP API (push, query, /ready, /metrics) on. */
export const LOKI_HTTP_PORT = 3100;

/**
 * The in-cluster base URL of Loki's HTTP API, for Grafana's `loki` datasource and log shippers
 * (which push to `<url>/loki/api/v1/push`). Loki lives in the core namespace.
 * @example lokiUrl({ core: 'battery-core' }) // 'http://loki.battery-core.svc:3100'
 */
export function lokiUrl(namespaces: Pick<PlatformNamespaces, 'core'>): string {
  return `http://${LOKI_NAME}.${namespaces.core}.svc:${LOKI_HTTP_PORT}`;
}
