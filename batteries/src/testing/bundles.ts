import { neededBundles } from '../bundles.js';
import { DASHBOARD_LABEL } from '../model/labels.js';
import type { KubeObject } from '../model/kube-object.js';
import type { SnapshotBundle, UpstreamBundle } from '../model/bundle.js';

/**
 * A small stand-in for an upstream release, for unit tests and goldens (real releases are large and are never
 * copied into the repository): the upstream Namespace, one CRD, a ServiceAccount bound to a ClusterRole, and a
 * Deployment whose arguments name the upstream namespace — enough to see how a battery moves and labels them.
 */
export function syntheticBundle(bundle: UpstreamBundle): KubeObject[] {
  if (bundle.contents === 'grafana-dashboards') return [syntheticDashboard(bundle)];
  const ns = bundle.upstreamNamespace;
  const name = `${bundle.name}-controller`;
  const objects: KubeObject[] = [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${bundle.name}.example.com` },
      spec: {
        group: `${bundle.name}.example.com`,
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            subresources: { status: {} },
          },
        ],
      },
    },
  ];
  if (!ns) return objects;
  objects.push(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'manager',
                image: `example.com/${bundle.name}:${bundle.version}`,
                args: [`--namespace=${ns}`, `--webhook-host=${name}.${ns}.svc`],
              },
            ],
          },
        },
      },
    },
  );
  return objects;
}

/**
 * A stand-in dashboard, as the operator hands a dashboard bundle to Generate: a ConfigMap labelled
 * `DASHBOARD_LABEL` holding a one-panel dashboard that uses a grafana.com datasource input (`${DS_PROMETHEUS}`).
 */
function syntheticDashboard(bundle: UpstreamBundle): KubeObject {
  const dashboard = {
    __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
    id: 7,
    uid: `stand-in-${bundle.name}`,
    title: `Stand-in for ${bundle.name}`,
    panels: [{ type: 'timeseries', title: 'up', datasource: '${DS_PROMETHEUS}', targets: [{ expr: 'up' }] }],
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `grafana-dashboard-stand-in-${bundle.name}`, labels: { [DASHBOARD_LABEL]: 'true' } },
    data: { 'dashboard.json': JSON.stringify(dashboard) },
  };
}

/** Synthetic bundles for every bundle the given batteries (specs by type) declare, keyed as the snapshot keys them. */
export function syntheticBundles(
  batteries: Readonly<Record<string, unknown>>,
): Record<string, SnapshotBundle> {
  return Object.fromEntries(
    neededBundles(batteries).map(({ key, bundle }) => [
      key,
      { digest: `synthetic-${key}`, objects: syntheticBundle(bundle) },
    ]),
  );
}
