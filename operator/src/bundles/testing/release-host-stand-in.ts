import { neededBundles, type KubeObject } from '@batteries-included/batteries';
import { goModuleFile } from '@batteries-included/testenv';
import { stringify } from 'yaml';
import { bundleDigest, joinBundleFiles } from '../digest.js';
import { mirrorUrl } from '../mirror.js';
import { startBundleServer, type BundleServer } from './bundle-server.js';

/** One upstream CustomResourceDefinition as YAML (or JSON) text, with what a release's file is chosen by. */
export interface UpstreamCrd {
  /** `metadata.name`, e.g. `certificates.cert-manager.io`. */
  readonly name: string;
  /** `spec.group`. */
  readonly group: string;
  /** The Gateway API's `gateway.networking.k8s.io/channel` annotation, when present. */
  readonly channel?: string;
  readonly text: string;
}

/** An upstream CRD object as `UpstreamCrd` (JSON text: YAML 1.1 reads it, and it is 100× quicker to write). */
export function upstreamCrd(object: KubeObject): UpstreamCrd {
  const channel = object.metadata.annotations?.['gateway.networking.k8s.io/channel'];
  return {
    name: object.metadata.name,
    group: (object.spec as { group: string }).group,
    ...(channel ? { channel } : {}),
    text: JSON.stringify(object),
  };
}

interface OperatorProps {
  namespace: string;
  name: string;
  image: string;
  args: string[];
  /** API groups the operator's ClusterRole covers. */
  groups: string[];
  /** Cluster-scoped names are shared by every project, so upstream prefixes them. @default name */
  clusterRoleName?: string;
  /** Extra objects (ConfigMaps, Services, DaemonSets). */
  extra?: Array<Record<string, unknown>>;
  withNamespace?: boolean;
}

/**
 * A small operator the way upstream releases ship one: Namespace, ServiceAccount, ClusterRole and binding, a
 * Deployment (whose pods kwok makes Ready) and whatever else the project adds. Written for these tests; not
 * upstream's text.
 */
function operatorManifests(props: OperatorProps): string[] {
  const labels = { 'app.kubernetes.io/name': props.name };
  const role = props.clusterRoleName ?? props.name;
  const objects: Array<Record<string, unknown>> = [];
  if (props.withNamespace !== false)
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.namespace, labels } });
  objects.push(
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: props.name, namespace: props.namespace, labels },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role, labels },
      rules: [
        { apiGroups: props.groups, resources: ['*'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: role, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.name,
            containers: [
              {
                name: 'manager',
                image: props.image,
                args: props.args,
                env: [
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                ],
              },
            ],
          },
        },
      },
    },
    ...(props.extra ?? []),
  );
  return objects.map((o) => stringify(o).trimEnd());
}

const service = (namespace: string, name: string, selector: string, port: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector: { 'app.kubernetes.io/name': selector }, ports: [{ port, targetPort: port }] },
});

/**
 * A stand-in for the upstream release hosts (github.com, raw.githubusercontent.com), for tests on a machine where
 * the real ones cannot run or cannot be reached: the catalog's release files by mirror path (`https://<host>/<path>`
 * → `/<host>/<path>`), each assembled from the given upstream CRDs plus a small operator per project written for
 * these tests — not upstream's text, and without the admission webhooks, whose servers nothing runs here.
 */
export function standInReleaseFiles(crds: readonly UpstreamCrd[]): Map<string, string> {
  const doc = (parts: string[]) => `${parts.join('\n---\n')}\n`;
  const texts = (keep: (crd: UpstreamCrd) => boolean) => crds.filter(keep).map((crd) => crd.text);
  const gateway = crds.filter((crd) => crd.group === 'gateway.networking.k8s.io');
  // The experimental channel ships every CRD, in its experimental version where one exists.
  const experimental = gateway.filter(
    (crd) =>
      crd.channel !== 'standard' || !gateway.some((o) => o.name === crd.name && o.channel !== 'standard'),
  );
  const files = new Map<string, string>();
  const gh = 'github.com';
  files.set(
    `/${gh}/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml`,
    doc(gateway.filter((crd) => crd.channel === 'standard').map((crd) => crd.text)),
  );
  files.set(
    `/${gh}/kubernetes-sigs/gateway-api/releases/download/v1.3.0/experimental-install.yaml`,
    doc(experimental.map((crd) => crd.text)),
  );
  files.set(
    `/${gh}/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml`,
    doc([
      ...texts((crd) => crd.group === 'cert-manager.io' || crd.group === 'acme.cert-manager.io'),
      ...operatorManifests({
        namespace: 'cert-manager',
        name: 'cert-manager',
        image: 'quay.io/jetstack/cert-manager-controller:v1.19.2',
        args: [
          '--v=2',
          '--cluster-resource-namespace=$(POD_NAMESPACE)',
          '--leader-election-namespace=kube-system',
        ],
        groups: ['cert-manager.io', 'acme.cert-manager.io'],
        extra: [service('cert-manager', 'cert-manager-webhook', 'cert-manager', 10250)],
      }),
    ]),
  );
  files.set(
    `/${gh}/cloudnative-pg/cloudnative-pg/releases/download/v1.28.0/cnpg-1.28.0.yaml`,
    doc([
      ...texts((crd) => crd.group === 'postgresql.cnpg.io'),
      ...operatorManifests({
        namespace: 'cnpg-system',
        name: 'cnpg-manager',
        image: 'ghcr.io/cloudnative-pg/cloudnative-pg:1.28.0',
        args: ['controller', '--leader-elect', '--webhook-port=9443'],
        groups: ['postgresql.cnpg.io'],
        extra: [
          service('cnpg-system', 'cnpg-webhook-service', 'cnpg-manager', 9443),
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cnpg-controller-manager-config', namespace: 'cnpg-system' },
            data: { INHERITED_LABELS: 'batteriesincl.com/*' },
          },
        ],
      }),
    ]),
  );
  files.set(
    `/${gh}/cloudnative-pg/plugin-barman-cloud/releases/download/v0.9.0/manifest.yaml`,
    doc([
      // The fixtures may hold the ObjectStore CRD (barmancloud.cnpg.io); without it, ObjectStores wait for their CRD.
      ...texts((crd) => crd.group === 'barmancloud.cnpg.io'),
      ...operatorManifests({
        namespace: 'cnpg-system',
        name: 'barman-cloud',
        image: 'ghcr.io/cloudnative-pg/plugin-barman-cloud:v0.9.0',
        args: ['operator', '--server-address=:9090', '--leader-elect'],
        groups: ['barmancloud.cnpg.io'],
        withNamespace: false,
        extra: [service('cnpg-system', 'barman-cloud', 'barman-cloud', 9090)],
      }),
    ]),
  );
  files.set(
    '/raw.githubusercontent.com/metallb/metallb/v0.15.3/config/manifests/metallb-native.yaml',
    doc([
      ...texts((crd) => crd.group === 'metallb.io'),
      ...operatorManifests({
        namespace: 'metallb-system',
        name: 'controller',
        image: 'quay.io/metallb/controller:v0.15.3',
        args: ['--port=7472', '--log-level=info', '--webhook-mode=enabled'],
        groups: ['metallb.io'],
        clusterRoleName: 'metallb-system:controller',
        extra: [service('metallb-system', 'metallb-webhook-service', 'controller', 9443)],
      }),
    ]),
  );
  files.set(
    '/raw.githubusercontent.com/cert-manager/trust-manager/v0.20.2/deploy/crds/trust.cert-manager.io_bundles.yaml',
    doc(texts((crd) => crd.group === 'trust.cert-manager.io')),
  );
  files.set(
    '/raw.githubusercontent.com/istio/istio/1.28.1/manifests/charts/base/files/crd-all.gen.yaml',
    doc(texts((crd) => crd.group.endsWith('istio.io'))),
  );
  files.set(
    `/${gh}/knative/serving/releases/download/knative-v1.20.0/serving-crds.yaml`,
    doc(texts((crd) => crd.group.endsWith('.knative.dev'))),
  );
  files.set(
    `/${gh}/knative/serving/releases/download/knative-v1.20.0/serving-core.yaml`,
    doc(
      operatorManifests({
        namespace: 'knative-serving',
        name: 'controller',
        image: 'gcr.io/knative-releases/knative.dev/serving/cmd/controller:v1.20.0',
        args: [],
        groups: [
          'serving.knative.dev',
          'networking.internal.knative.dev',
          'autoscaling.internal.knative.dev',
        ],
        clusterRoleName: 'knative-serving-core',
        extra: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'config-domain', namespace: 'knative-serving' },
            data: { _example: 'example.com: |' },
          },
          service('knative-serving', 'activator-service', 'controller', 8012),
        ],
      }),
    ),
  );
  files.set(
    `/${gh}/knative-extensions/net-gateway-api/releases/download/knative-v1.20.1/net-gateway-api.yaml`,
    doc(
      operatorManifests({
        namespace: 'knative-serving',
        name: 'net-gateway-api-controller',
        image: 'gcr.io/knative-releases/knative.dev/net-gateway-api/cmd/controller:v1.20.1',
        args: [],
        groups: ['networking.internal.knative.dev', 'gateway.networking.k8s.io'],
        clusterRoleName: 'knative-gateway-api-core',
        withNamespace: false,
        extra: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'config-gateway', namespace: 'knative-serving' },
            data: { _example: 'external-gateways: |' },
          },
        ],
      }),
    ),
  );
  for (const [path, text] of dashboardFiles()) files.set(path, text);
  return files;
}

/**
 * The dashboard bundles' files. VictoriaMetrics' is real: the same file its repository holds at the release tag
 * ships in its Go module, which the module proxy serves (`goModuleFile`). grafana.com cannot be reached from here,
 * so its dashboards are stand-ins, titled as such: a one-panel JSON model per dashboard id.
 */
function dashboardFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const { bundle } of catalogBundles()) {
    if (bundle.contents !== 'grafana-dashboards') continue;
    for (const url of bundle.urls) {
      const vm =
        /^https:\/\/raw\.githubusercontent\.com\/VictoriaMetrics\/VictoriaMetrics\/(v[^/]+)\/(dashboards\/.+)$/.exec(
          url,
        );
      const text = vm
        ? goModuleFile('github.com/VictoriaMetrics/VictoriaMetrics', vm[1]!, vm[2]!)
        : standInDashboard(url);
      files.set(mirrorPath(url), text);
    }
  }
  return files;
}

/** A grafana.com dashboard stand-in: exported for import like the real ones (a `${DS_PROMETHEUS}` input). */
function standInDashboard(url: string): string {
  const id = /dashboards\/(\d+)\//.exec(url)?.[1] ?? 'unknown';
  return JSON.stringify({
    __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
    uid: `stand-in-${id}`,
    title: `Stand-in for grafana.com dashboard ${id} (not the real one)`,
    panels: [{ type: 'timeseries', title: 'up', datasource: '${DS_PROMETHEUS}', targets: [{ expr: 'up' }] }],
  });
}

/** Every catalog bundle, both Gateway API channels included: what the stand-in serves and tests obtain. */
export function catalogBundles() {
  const byKey = new Map(
    [...neededBundles(), ...neededBundles({ 'gateway-api': { channel: 'experimental' } })].map((n) => [
      n.key,
      n,
    ]),
  );
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A running stand-in release host, with the digest of each bundle it serves (`<name>@<version>` → SHA-256). */
export interface ReleaseHostStandIn extends BundleServer {
  readonly files: ReadonlyMap<string, string>;
  readonly digests: ReadonlyMap<string, string>;
}

/**
 * Serves `standInReleaseFiles(crds)` on a local port (use its `url` as the bundle mirror) and says which digest each
 * catalog bundle has there. Those are the stand-in's own digests, not the real releases': a test that trusts this
 * host pins them explicitly (see `obtainUpstreamBundles`), so a pin of a real release is never quietly satisfied.
 */
export async function startReleaseHostStandIn(crds: readonly UpstreamCrd[]): Promise<ReleaseHostStandIn> {
  const files = standInReleaseFiles(crds);
  const server = await startBundleServer(files);
  const digests = new Map(
    catalogBundles().map(({ key, bundle }) => [
      key,
      bundleDigest(joinBundleFiles(bundle.urls.map((url) => files.get(mirrorPath(url))!))),
    ]),
  );
  return Object.assign(server, { files, digests });
}

/** Where a mirror serves an upstream URL: `https://host/path` → `/host/path`. */
export function mirrorPath(url: string): string {
  return mirrorUrl(url, MIRROR_ROOT).slice(MIRROR_ROOT.length);
}
const MIRROR_ROOT = 'http://mirror';
