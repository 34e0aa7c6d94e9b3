// deploy/base and its overlay against the real API server from testenv: they render, they pass a server-side
// dry run, and the operator's service account, with the RBAC applied for real, can do what a pass does and
// little else.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generate,
  isKubernetesObject,
  splitApiVersion,
  type KubeObject,
} from '@batteries-included/batteries';
import { crdName } from '@batteries-included/crds';
import { kubectl, waitForEstablished } from '@batteries-included/testenv';
import { parseAllDocuments, stringify } from 'yaml';
import { BUILT_IN_RESOURCES } from '../scripts/built-in-resources.js';
import { everyBatterySnapshot } from '../scripts/catalog-objects.js';
import { BASE_DIR, CRDS_COPY_PATH, DEPLOY_DIR, REPO_DIR } from '../scripts/paths.js';
import { catalogCustomResourceCrds } from '@batteries-included/operator';

const OVERLAY_DIR = join(DEPLOY_DIR, 'overlays/external-postgres');
const NAMESPACE = 'batteries-included-system';
const SERVICE_ACCOUNT = `system:serviceaccount:${NAMESPACE}:batteries-included-operator`;
// The groups a real service-account token carries; system:authenticated brings discovery, which kubectl needs.
const AS_OPERATOR = [
  `--as=${SERVICE_ACCOUNT}`,
  '--as-group=system:serviceaccounts',
  `--as-group=system:serviceaccounts:${NAMESPACE}`,
  '--as-group=system:authenticated',
];
const RBAC_KINDS = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
const operatorVersion = JSON.parse(readFileSync(join(REPO_DIR, 'operator/package.json'), 'utf8')).version;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl with its exit code and stderr (warnings), which `kubectl()` from testenv does not return. */
function run(args: string[], input?: string): Promise<Result> {
  const binary = process.env.BI_TEST_KUBECTL!;
  const kubeconfig = process.env.BI_TEST_KUBECONFIG!;
  return new Promise((resolve) => {
    const child = execFile(binary, ['--kubeconfig', kubeconfig, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? '');
  });
}

/** `kubectl auth can-i` as the operator: true for yes, false for no; anything else fails the test. */
async function operatorCan(args: string[]): Promise<boolean> {
  const result = await run(['auth', 'can-i', ...args, ...AS_OPERATOR]);
  const answer = result.stdout.trim().split(/\s/)[0];
  if (answer === 'yes' && result.code === 0) return true;
  if (answer === 'no' && result.code === 1) return false;
  throw new Error(
    `kubectl auth can-i ${args.join(' ')}: exit ${result.code}: ${result.stdout}${result.stderr}`,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML under test; assertions name the paths
type Manifest = any;

const yamlDocuments = (text: string): KubeObject[] =>
  parseAllDocuments(text).map((document) => document.toJS() as KubeObject);
const asYaml = (objects: readonly object[]) => objects.map((object) => stringify(object)).join('---\n');
const named = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);

let base: KubeObject[];
let overlay: KubeObject[];

beforeAll(async () => {
  base = yamlDocuments(await kubectl(['kustomize', BASE_DIR]));
  overlay = yamlDocuments(await kubectl(['kustomize', OVERLAY_DIR]));
  // Namespaced objects cannot be dry-run into a namespace that does not exist, and Pod Security labels are read
  // from the live Namespace: create it for real. The CRDs too, so that can-i resolves the Battery resources.
  await kubectl(['apply', '--server-side', '-f', join(BASE_DIR, 'namespace.yaml')]);
  await kubectl(['apply', '--server-side', '-f', CRDS_COPY_PATH]);
  await waitForEstablished(crdName('redis'));
}, 120_000);

let upstreamCrds: Promise<void> | undefined;
/**
 * The catalog's custom resources (cert-manager, CloudNativePG, MetalLB kinds) need upstream CRDs, which the operator
 * gets from bundles at run time; here too, through the bundle resolver (see obtainUpstreamBundles). Installed once,
 * by the tests that need them, so that without a source only those fail (with the resolver's one message).
 */
function installUpstreamCrds(): Promise<void> {
  return (upstreamCrds ??= (async () => {
    for (const crd of await catalogCustomResourceCrds()) {
      await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(crd.object));
      await waitForEstablished(crd.name);
    }
  })());
}

afterAll(async () => {
  const rbac = base.filter((object) => RBAC_KINDS.has(object.kind) && !object.metadata.namespace);
  await kubectl(['delete', '--ignore-not-found', '--wait=false', '-f', '-'], asYaml(rbac));
  // The namespace stays: on the shared control plane other suites put the operator's objects in it too (the control
  // server's HTTPRoute, API tokens), and a namespace being terminated refuses their writes. Its contents from here go.
  const namespaced = base.filter((object) => object.metadata.namespace === NAMESPACE);
  await kubectl(['delete', '--ignore-not-found', '--wait=false', '-f', '-'], asYaml(namespaced));
});

describe('kubectl kustomize deploy/base', () => {
  it('renders the namespace, the RBAC, the workload and every Battery CRD', () => {
    const kinds = base.map((object) => object.kind).filter((kind) => kind !== 'CustomResourceDefinition');
    expect(kinds.sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'Namespace',
        'PersistentVolumeClaim',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    const crds = named(base, 'CustomResourceDefinition').map((crd) => crd.metadata.name);
    expect(crds.sort()).toEqual(
      yamlDocuments(readFileSync(join(REPO_DIR, 'crds/all.yaml'), 'utf8'))
        .map((crd) => crd.metadata.name)
        .sort(),
    );
  });

  it('puts every namespaced object in batteries-included-system and labels everything', () => {
    for (const object of base) {
      const { group } = splitApiVersion(object.apiVersion);
      const clusterScoped = ['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding'];
      const namespace = clusterScoped.includes(object.kind) ? object.metadata.namespace : NAMESPACE;
      expect([object.kind, object.metadata.namespace]).toEqual([object.kind, namespace]);
      expect([object.kind, group, object.metadata.labels?.['app.kubernetes.io/name']]).toEqual([
        object.kind,
        group,
        'batteries-included-operator',
      ]);
    }
  });

  it('runs the operator image of this version, selected by its name label', () => {
    const [deployment] = named(base, 'Deployment') as Manifest[];
    expect(deployment!.spec.template.spec.containers[0].image).toBe(
      `ghcr.io/batteries-included/operator:${operatorVersion}`,
    );
    expect(deployment!.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(
      'batteries-included-operator',
    );
  });
});

describe('kubectl apply --server-side --dry-run=server -k', () => {
  it('accepts deploy/base, with no Pod Security warning', async () => {
    const result = await run(['apply', '--server-side', '--dry-run=server', '-k', BASE_DIR]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /deployment\.apps\/batteries-included-operator serverside-applied \(server dry run\)/,
    );
    expect(result.stdout).toMatch(
      /persistentvolumeclaim\/operator-data serverside-applied \(server dry run\)/,
    );
  });

  it('accepts the external-postgres overlay: no claim, DATABASE_URL from the Secret operator-database', async () => {
    expect(named(overlay, 'PersistentVolumeClaim')).toEqual([]);
    const [deployment] = named(overlay, 'Deployment') as Manifest[];
    const podSpec = deployment!.spec.template.spec;
    const env = podSpec.containers[0].env as Array<{ name: string; valueFrom?: unknown }>;
    expect(env.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom).toEqual({
      secretKeyRef: { name: 'operator-database', key: 'url' },
    });
    expect(env.map((entry) => entry.name)).not.toContain('DATA_DIR');
    expect(podSpec.volumes.map((volume: { name: string }) => volume.name)).toEqual(['tmp']);
    expect(deployment!.spec.strategy.type).toBe('RollingUpdate');

    const result = await run(['apply', '--server-side', '--dry-run=server', '-k', OVERLAY_DIR]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/persistentvolumeclaim/);
  });
});

describe('the operator service account, with the base RBAC applied', () => {
  beforeAll(async () => {
    const rbac = base.filter((object) => RBAC_KINDS.has(object.kind));
    await kubectl(['apply', '--server-side', '-f', '-'], asYaml(rbac));
  }, 60_000);

  it.each([
    ['applies a Deployment in battery-data', ['patch', 'deployments.apps', '-n', 'battery-data']],
    ['creates a Deployment in battery-data', ['create', 'deployments.apps', '-n', 'battery-data']],
    [
      'patches a RedisBattery status',
      ['patch', 'redisbatteries.batteries.batteriesincl.com/redis', '--subresource=status'],
    ],
    ['watches RedisBatteries', ['watch', 'redisbatteries.batteries.batteriesincl.com']],
    ['reads back the Secrets it generated in battery-data', ['get', 'secrets', '-n', 'battery-data']],
    [
      'renews its Lease',
      ['update', `leases.coordination.k8s.io/batteries-included-operator`, '-n', NAMESPACE],
    ],
    ['records Events about Battery objects', ['create', 'events', '-n', 'default']],
    ['watches CRDs', ['watch', 'customresourcedefinitions.apiextensions.k8s.io']],
    [
      'escalates the ClusterRole kube-monitoring generates',
      ['escalate', 'clusterroles/batteries-kube-state-metrics'],
    ],
    ['binds the ClusterRole victoria-metrics generates', ['bind', 'clusterroles/batteries-vmsingle']],
    ['creates Battery objects for the API', ['create', 'redisbatteries.batteries.batteriesincl.com']],
    ['deletes Battery objects for the API', ['delete', 'redisbatteries.batteries.batteriesincl.com/redis']],
    ['creates the API token Secret', ['create', 'secrets', '-n', NAMESPACE]],
    ['applies the access-info ConfigMap', ['patch', 'configmaps/access-info', '-n', NAMESPACE]],
  ])('may: %s', async (_what, args) => {
    expect(await operatorCan(args)).toBe(true);
  });

  it.each([
    ['delete CRDs', ['delete', 'customresourcedefinitions.apiextensions.k8s.io']],
    ['create pods', ['create', 'pods', '-n', 'battery-data']],
    ['exec into pods', ['create', 'pods', '--subresource=exec', '-n', 'battery-data']],
    ['list nodes', ['list', 'nodes']],
    ['bind cluster-admin', ['bind', 'clusterroles/cluster-admin']],
    ['escalate cluster-admin', ['escalate', 'clusterroles/cluster-admin']],
    ['impersonate users', ['impersonate', 'users']],
    ['touch other Leases in its namespace', ['update', 'leases.coordination.k8s.io/other', '-n', NAMESPACE]],
    [
      'touch Leases elsewhere',
      ['update', 'leases.coordination.k8s.io/batteries-included-operator', '-n', 'kube-system'],
    ],
  ])('may not: %s', async (_what, args) => {
    expect(await operatorCan(args)).toBe(false);
  });

  it('reads Secrets in every namespace, kube-system included, as the ClusterRole documents', async () => {
    // A deliberate, documented grant (see the Secrets rule in cluster-role.yaml and deploy/README.md): the watch
    // cache lists Secrets cluster-wide by label. This test pins it so that narrowing it is a conscious change.
    expect(await operatorCan(['get', 'secrets', '-n', 'kube-system'])).toBe(true);
  });

  describe('applying the whole catalog as the operator (server-side dry run)', () => {
    const prefix = `deploy-int-${Date.now().toString(36)}`;
    const namespaces = {
      core: `${prefix}-core`,
      base: `${prefix}-base`,
      data: `${prefix}-data`,
      ai: `${prefix}-ai`,
      istio: `${prefix}-istio`,
      knative: `${prefix}-knative`,
      traditional: `${prefix}-traditional`,
    };
    // Namespaces of this test's own, so the dry run cannot collide with other tests' battery-* namespaces.
    // Keycloak's objects go to Keycloak through its admin API, not to the API server: no RBAC is involved.
    const objects = generate(everyBatterySnapshot({ core: { namespaces } })).objects.filter(
      isKubernetesObject,
    );

    beforeAll(async () => {
      await installUpstreamCrds();
      await kubectl(['apply', '--server-side', '-f', '-'], asYaml(named(objects, 'Namespace')));
    }, 120_000);
    afterAll(async () => {
      await kubectl([
        'delete',
        'namespace',
        ...Object.values(namespaces),
        '--ignore-not-found',
        '--wait=false',
      ]);
    });

    it('is allowed for every generated object, ClusterRoles with rules the operator does not hold included', async () => {
      expect(named(objects, 'ClusterRole').length).toBeGreaterThan(0);
      const result = await run(
        [
          'apply',
          '--server-side',
          '--field-manager=batteries-included',
          '--dry-run=server',
          '-f',
          '-',
          ...AS_OPERATOR,
        ],
        asYaml(objects),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(objects.length);
    });

    it('is refused for a ClusterRole outside the catalog that grants what the operator does not hold', async () => {
      const role = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `${prefix}-not-in-catalog` },
        rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }],
      };
      const result = await run(
        ['apply', '--server-side', '--dry-run=server', '-f', '-', ...AS_OPERATOR],
        asYaml([role]),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/forbidden.*attempting to grant RBAC permissions not currently held/s);
    });

    it('is refused for a binding to cluster-admin', async () => {
      const binding = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${prefix}-admin` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'batteries-included-operator', namespace: NAMESPACE }],
      };
      const result = await run(
        ['apply', '--server-side', '--dry-run=server', '-f', '-', ...AS_OPERATOR],
        asYaml([binding]),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/forbidden/);
    });
  });
});

describe('deploy/scripts/built-in-resources.ts', () => {
  beforeAll(() => installUpstreamCrds(), 120_000);

  it('names, for every kind, the resource the API server serves for it', async () => {
    const served = new Map<string, string>();
    const groups = JSON.parse(await kubectl(['get', '--raw', '/apis'])) as {
      groups: Array<{ name: string; preferredVersion: { groupVersion: string } }>;
    };
    const paths = [
      '/api/v1',
      ...groups.groups.map((group) => `/apis/${group.preferredVersion.groupVersion}`),
    ];
    for (const path of paths) {
      // An aggregated API whose backend runs nowhere (metrics.k8s.io, applied by other suites on kwok) answers 503;
      // built-in kinds are never aggregated, and a built-in group missing here fails the comparison below.
      const raw = await kubectl(['get', '--raw', path]).catch((error: Error) => {
        if (/ServiceUnavailable/.test(error.message)) return undefined;
        throw error;
      });
      if (raw === undefined) continue;
      const list = JSON.parse(raw) as {
        groupVersion: string;
        resources: Array<{ name: string; kind: string }>;
      };
      const { group } = splitApiVersion(list.groupVersion);
      for (const resource of list.resources) {
        if (!resource.name.includes('/')) served.set(`${group}/${resource.kind}`, resource.name);
      }
    }
    const mismatched = [...BUILT_IN_RESOURCES].filter(
      ([groupKind, resource]) => served.get(groupKind) !== resource,
    );
    expect(mismatched).toEqual([]);
  });
});
