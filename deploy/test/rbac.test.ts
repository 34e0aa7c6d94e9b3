import { readFileSync } from 'node:fs';
import { CATALOG, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { crdPlural } from '@batteries-included/crds';
import { parse } from 'yaml';
import { resourceFor, UnknownKindError, BUILT_IN_RESOURCES } from '../scripts/built-in-resources.js';
import { catalogObjects, readExampleInstances, readExampleSpecs } from '../scripts/catalog-objects.js';
import { allows, MANAGED_VERBS, operatorRules, type PolicyRule } from '../scripts/operator-rules.js';
import {
  catalogOperatorRules,
  renderOperatorClusterRole,
  SYNTH_RBAC_COMMAND,
} from '../scripts/catalog-cluster-role.js';
import { CLUSTER_ROLE_PATH, EXAMPLES_DIR } from '../scripts/paths.js';

const objects = catalogObjects(readExampleSpecs(EXAMPLES_DIR), readExampleInstances(EXAMPLES_DIR));
const rules = catalogOperatorRules().map(({ rule }) => rule);
const plurals = CATALOG.map((battery) => crdPlural(battery.type));
const RBAC = 'rbac.authorization.k8s.io';

const object = (apiVersion: string, kind: string, name: string, extra: object = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name },
  ...extra,
});

describe('deploy/base/cluster-role.yaml', () => {
  it('is what synth-rbac renders from the catalog now (not stale)', () => {
    const committed = readFileSync(CLUSTER_ROLE_PATH, 'utf8');
    const fresh = renderOperatorClusterRole();
    if (committed !== fresh) {
      throw new Error(`deploy/base/cluster-role.yaml is stale; run ${SYNTH_RBAC_COMMAND} and commit it`);
    }
  });

  it('holds exactly the rules the synth derives, with the reason for each as a comment', () => {
    const text = readFileSync(CLUSTER_ROLE_PATH, 'utf8');
    const parsed = parse(text) as { kind: string; metadata: { name: string }; rules: PolicyRule[] };
    expect(parsed.kind).toBe('ClusterRole');
    expect(parsed.metadata.name).toBe('batteries-included-operator');
    expect(parsed.rules).toEqual(rules);
    expect(text).toMatch(/# escalate: .*ClusterRoles grant rules the operator does not hold/);
    expect(text).toMatch(/# bind: /);
  });
});

describe('the operator ClusterRole, derived from the catalog', () => {
  it('generates the whole catalog, with every battery installed, for defaults and each example', () => {
    const batteries = new Set(objects.map((o) => o.metadata.labels?.['batteriesincl.com/battery']));
    // gateway-api generates nothing but its upstream bundle, which is fetched at run time and unknown here;
    // So does cloudnative-pg-barman: its ObjectStores and ScheduledBackups come from PostgresCluster instances.
    const bundleOnly = new Set(['gateway-api', 'cloudnative-pg-barman']);
    expect([...batteries].sort()).toEqual(
      CATALOG.map((battery) => battery.type)
        .filter((type) => !bundleOnly.has(type))
        .sort(),
    );
    expect(readExampleSpecs(EXAMPLES_DIR).map((example) => example.file)).toContain('platform.yaml');
  });

  it('covers every kind generate() emits with every verb the operator uses on it', () => {
    const uncovered: string[] = [];
    for (const generated of objects) {
      const { group } = splitApiVersion(generated.apiVersion);
      const resource = resourceFor(group, generated.kind);
      for (const verb of MANAGED_VERBS) {
        if (!allows(rules, { group, resource, verb, name: generated.metadata.name }))
          uncovered.push(`${verb} ${resource}.${group || 'core'}`);
      }
    }
    expect([...new Set(uncovered)]).toEqual([]);
  });

  it('may escalate every ClusterRole the catalog writes and bind every role its bindings refer to, by name', () => {
    const clusterRoles = objects.filter((o) => o.kind === 'ClusterRole');
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding');
    expect(clusterRoles.length).toBeGreaterThan(0);
    for (const role of clusterRoles) {
      expect(
        allows(rules, { group: RBAC, resource: 'clusterroles', verb: 'escalate', name: role.metadata.name }),
      ).toBe(true);
    }
    for (const binding of bindings) {
      const name = (binding as unknown as { roleRef: { name: string } }).roleRef.name;
      expect(allows(rules, { group: RBAC, resource: 'clusterroles', verb: 'bind', name })).toBe(true);
    }
  });

  it('may not escalate or bind any other role, nor impersonate', () => {
    for (const verb of ['escalate', 'bind']) {
      expect(allows(rules, { group: RBAC, resource: 'clusterroles', verb, name: 'cluster-admin' })).toBe(
        false,
      );
      expect(allows(rules, { group: RBAC, resource: 'clusterroles', verb })).toBe(false);
      expect(allows(rules, { group: RBAC, resource: 'roles', verb, name: 'admin' })).toBe(false);
    }
    expect(allows(rules, { group: '', resource: 'users', verb: 'impersonate' })).toBe(false);
    expect(allows(rules, { group: '', resource: 'serviceaccounts', verb: 'impersonate' })).toBe(false);
  });

  it('reads and patches every Battery kind and its status, and creates and deletes Batteries for the API', () => {
    const group = 'batteries.batteriesincl.com';
    for (const plural of plurals) {
      for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'])
        expect(allows(rules, { group, resource: plural, verb })).toBe(true);
      expect(allows(rules, { group, resource: `${plural}/status`, verb: 'patch' })).toBe(true);
      expect(allows(rules, { group, resource: `${plural}/finalizers`, verb: 'update' })).toBe(true);
      expect(allows(rules, { group, resource: `${plural}/status`, verb: 'delete' })).toBe(false);
    }
  });

  it("reads and creates the API token Secret and applies the access-info ConfigMap in the operator's namespace", () => {
    for (const verb of ['get', 'create'])
      expect(allows(rules, { group: '', resource: 'secrets', verb })).toBe(true);
    expect(allows(rules, { group: '', resource: 'configmaps', verb: 'patch' })).toBe(true);
  });

  it('watches and applies CRDs without deleting them, and records Events', () => {
    const crds = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };
    for (const verb of ['get', 'list', 'watch', 'create', 'patch'])
      expect(allows(rules, { ...crds, verb })).toBe(true);
    expect(allows(rules, { ...crds, verb: 'delete' })).toBe(false);
    expect(allows(rules, { group: '', resource: 'events', verb: 'create' })).toBe(true);
    expect(allows(rules, { group: '', resource: 'events', verb: 'patch' })).toBe(true);
  });

  it('grants nothing the catalog does not generate: no pods, no exec, no nodes, no wildcards', () => {
    expect(allows(rules, { group: '', resource: 'pods', verb: 'create' })).toBe(false);
    expect(allows(rules, { group: '', resource: 'pods/exec', verb: 'create' })).toBe(false);
    expect(allows(rules, { group: '', resource: 'nodes', verb: 'list' })).toBe(false);
    const fields = rules.flatMap((rule) => [...rule.apiGroups, ...rule.resources, ...rule.verbs]);
    expect(fields).not.toContain('*');
  });
});

describe('operatorRules', () => {
  const input = (extra: KubeObject[]) => ({ objects: extra, batteryPlurals: ['redisbatteries'] });

  it('follows the catalog: a newly generated kind gets a rule, and its roles become escalatable by name', () => {
    const derived = operatorRules(
      input([
        object('batch/v1', 'Job', 'migrate'),
        object(`${RBAC}/v1`, 'Role', 'reader'),
        object(`${RBAC}/v1`, 'RoleBinding', 'reader', { roleRef: { kind: 'Role', name: 'reader' } }),
      ]),
    ).map(({ rule }) => rule);
    expect(allows(derived, { group: 'batch', resource: 'jobs', verb: 'create' })).toBe(true);
    expect(allows(derived, { group: RBAC, resource: 'roles', verb: 'escalate', name: 'reader' })).toBe(true);
    expect(allows(derived, { group: RBAC, resource: 'roles', verb: 'bind', name: 'reader' })).toBe(true);
    expect(allows(derived, { group: RBAC, resource: 'clusterroles', verb: 'escalate', name: 'reader' })).toBe(
      false,
    );
    expect(allows(derived, { group: 'apps', resource: 'deployments', verb: 'create' })).toBe(false);
  });

  it('stops on a generated kind the resource table does not know, naming the kind and the table', () => {
    const run = () => operatorRules(input([object('example.com/v1', 'Widget', 'w')]));
    expect(run).toThrow(UnknownKindError);
    expect(run).toThrow(
      /^Widget\.example\.com: .*deploy\/scripts\/built-in-resources\.ts.*'example\.com\/Widget'/,
    );
  });

  it('grants Secrets in a rule of their own, so that their scope is explained on its own', () => {
    const explained = operatorRules(input([object('v1', 'Secret', 's'), object('v1', 'ConfigMap', 'c')]));
    const secretRules = explained.filter(({ rule }) => rule.resources.includes('secrets'));
    expect(secretRules).toHaveLength(1);
    expect(secretRules[0]!.rule.resources).toEqual(['secrets']);
    expect(secretRules[0]!.why).toMatch(/Cluster-wide/);
  });
});

describe('resourceFor', () => {
  it('maps kinds to resources by group, the core group being empty', () => {
    expect(resourceFor('', 'ConfigMap')).toBe('configmaps');
    expect(resourceFor('networking.k8s.io', 'NetworkPolicy')).toBe('networkpolicies');
    expect(() => resourceFor('', 'NetworkPolicy')).toThrow(UnknownKindError);
  });

  it('has lower-case plural resources only', () => {
    for (const resource of BUILT_IN_RESOURCES.values()) expect(resource).toMatch(/^[a-z][a-z0-9]*s$/);
  });
});
