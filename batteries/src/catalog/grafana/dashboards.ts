import { DASHBOARD_LABEL } from '../../model/labels.js';
import type { KubeObject } from '../../model/kube-object.js';
import type { UpstreamBundle } from '../../model/bundle.js';

/**
 * grafana.com's "Kubernetes / Views" dashboards (global, namespaces, nodes, pods) and the revisions pinned. This
 * machine cannot reach grafana.com, so the revision numbers are unconfirmed here: `bi bundles pull` on a connected
 * machine fetches them and prints their digests (a revision that does not exist fails there, by its URL).
 */
const KUBERNETES_REVISIONS: ReadonlyArray<readonly [id: number, revision: number]> = [
  [15757, 43],
  [15758, 42],
  [15759, 37],
  [15760, 36],
];

/** A grafana.com dashboard revision's download URL: its JSON model. */
function grafanaComDashboard(id: number, revision: number): string {
  return `https://grafana.com/api/dashboards/${id}/revisions/${revision}/download`;
}

/** The VictoriaMetrics release whose repository holds the dashboards its Go module ships (`dashboards/`). */
const VM_RELEASE = 'v1.151.0';

/**
 * The upstream dashboards Grafana shows for each installed battery, as bundles: obtained, verified (digest pinned on
 * first use), cached and pushable like the upstream manifests; never copied into the repository.
 *
 * - victoria-metrics: VictoriaMetrics' single-node dashboard (grafana.com 10229) from its repository at the release
 *   tag; the same file ships in the Go module `github.com/VictoriaMetrics/VictoriaMetrics@v1.151.0`, which is how
 *   tests feed the mirror. The original's 11176 (cluster) and 12683 (vmagent) describe components this battery
 *   does not run (it is single-node and scrapes by itself).
 * - kube-monitoring: grafana.com 15757–15760, "Kubernetes / Views" global, namespaces, nodes, pods.
 * - cloudnative-pg: grafana.com 20417, CloudNativePG's cluster dashboard.
 */
export const DASHBOARD_BUNDLES: Readonly<Record<string, UpstreamBundle>> = {
  'victoria-metrics': {
    name: 'dashboards-victoria-metrics',
    version: VM_RELEASE,
    contents: 'grafana-dashboards',
    optional: true,
    urls: [
      `https://raw.githubusercontent.com/VictoriaMetrics/VictoriaMetrics/${VM_RELEASE}/dashboards/victoriametrics.json`,
    ],
  },
  'kube-monitoring': {
    name: 'dashboards-kubernetes',
    contents: 'grafana-dashboards',
    optional: true,
    version: KUBERNETES_REVISIONS.map(([id, revision]) => `${id}r${revision}`).join('-'),
    urls: KUBERNETES_REVISIONS.map(([id, revision]) => grafanaComDashboard(id, revision)),
  },
  'cloudnative-pg': {
    name: 'dashboards-cloudnative-pg',
    version: '20417r4',
    contents: 'grafana-dashboards',
    optional: true,
    urls: [grafanaComDashboard(20417, 4)],
  },
};

/** Every dashboard bundle: the grafana battery declares them all (a bundle is fetched once, whatever uses it). */
export function dashboardBundles(): UpstreamBundle[] {
  return Object.values(DASHBOARD_BUNDLES);
}

/** The datasource uid every dashboard's metrics panels use: the `VictoriaMetrics` datasource Grafana provisions. */
export const METRICS_DATASOURCE_UID = 'victoria-metrics';

/**
 * A dashboard's JSON wired to our datasource: the `${DS_…}` inputs of dashboards exported for grafana.com become
 * the VictoriaMetrics datasource's uid, and the `__inputs` that would ask for them on import are dropped.
 */
export function wireDashboard(json: string): string {
  const dashboard = JSON.parse(json.replace(/\$\{DS_[A-Z0-9_]+\}/g, METRICS_DATASOURCE_UID)) as Record<
    string,
    unknown
  >;
  delete dashboard.__inputs;
  delete dashboard.__requires;
  // Grafana assigns ids; a provisioned dashboard with a foreign id can clash with one made in the UI.
  delete dashboard.id;
  return JSON.stringify(dashboard);
}

/** The dashboard ConfigMaps of a parsed dashboard bundle (the operator turns each JSON model into one). */
export function dashboardObjects(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[DASHBOARD_LABEL] === 'true');
}
