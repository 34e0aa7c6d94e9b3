import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

/**
 * Where the shared upstream CRDs live (test data only; the product never reads them): `BI_UPSTREAM_FIXTURES`, else
 * `../shared/fixtures/upstream-crds` beside the repository.
 */
export function upstreamFixturesDir(): string {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return process.env.BI_UPSTREAM_FIXTURES ?? resolve(repo, '../shared/fixtures/upstream-crds');
}

function crdFiles(project: string, keep: (text: string, file: string) => boolean = () => true): string[] {
  const dir = join(upstreamFixturesDir(), project);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const)
    .filter(([file, text]) => keep(text, file))
    .map(([, text]) => text.replace(/^---\n/, '').trimEnd());
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
 * The release files of every catalog bundle, as a local server serves them for the upstream URLs
 * (`https://<host>/<path>` → `/<host>/<path>`): the real upstream CRDs from the shared fixtures, plus a small
 * operator per project. MetalLB's fixture CRD names our namespace (it was vendored); it is put back to upstream's
 * `metallb-system` so the battery's re-namespacing is what moves it.
 */
export function upstreamReleaseFiles(): Map<string, string> {
  const doc = (parts: string[]) => `${parts.join('\n---\n')}\n`;
  const files = new Map<string, string>();
  const gh = 'github.com';
  const standard = crdFiles('gateway-api', (text) =>
    text.includes('gateway.networking.k8s.io/channel: standard'),
  );
  files.set(
    `/${gh}/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml`,
    doc(standard),
  );
  files.set(
    `/${gh}/kubernetes-sigs/gateway-api/releases/download/v1.3.0/experimental-install.yaml`,
    doc(crdFiles('gateway-api')),
  );
  files.set(
    `/${gh}/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml`,
    doc([
      ...crdFiles('cert-manager', (_text, file) => !file.startsWith('bundles_')),
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
      ...crdFiles('cloudnative-pg'),
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
    '/raw.githubusercontent.com/metallb/metallb/v0.15.3/config/manifests/metallb-native.yaml',
    doc([
      ...crdFiles('metallb').map((text) =>
        text.replaceAll('namespace: battery-base', 'namespace: metallb-system'),
      ),
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
    `/${gh}/knative/serving/releases/download/knative-v1.20.0/serving-crds.yaml`,
    doc(crdFiles('knative-serving')),
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
  return files;
}

/**
 * The real upstream CRDs of the custom resources the catalog's charts generate (cert-manager, CloudNativePG, MetalLB
 * kinds), as [CRD name, fixture file]. At run time they come from bundles; tests that apply the catalog's output
 * without the operator install these first.
 */
export function catalogCustomResourceCrds(): Array<{ name: string; file: string }> {
  return [
    ['cert-manager', 'certificates.cert-manager.io'],
    ['cert-manager', 'issuers.cert-manager.io'],
    ['cert-manager', 'clusterissuers.cert-manager.io'],
    ['cloudnative-pg', 'clusters.postgresql.cnpg.io'],
    ['metallb', 'ipaddresspools.metallb.io'],
    ['metallb', 'l2advertisements.metallb.io'],
  ].map(([project, name]) => ({
    name: name!,
    file: join(upstreamFixturesDir(), project!, `${name!.replace(/[.-]/g, '_')}.yaml`),
  }));
}
