import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ORPHANED_LABEL,
  formatRef,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { DuplicateObjectError } from './errors.js';
import { formatPlan } from './format-plan.js';
import type { InventoryRef } from './inventory.js';
import { compareForApply } from './kind-order.js';
import { planChanges } from './plan-changes.js';

interface ObjectProps {
  namespace?: string;
  battery?: string;
  hash?: string;
  fields?: Record<string, unknown>;
}

/** A generated object: managed-by and battery labels, hash annotation. */
function generated(apiVersion: string, kind: string, name: string, props: ObjectProps = {}): KubeObject {
  const { namespace, battery = 'redis', hash = `${kind.toLowerCase()}-${name}-v1`, fields = {} } = props;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace && { namespace }),
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [BATTERY_LABEL]: battery },
      annotations: { [HASH_ANNOTATION]: hash },
    },
    ...fields,
  };
}

/** The object as the API server returns it after our apply: server metadata, defaults and status added. */
function onServer(object: KubeObject, edit: (live: KubeObject) => void = () => {}): KubeObject {
  const live = structuredClone(object);
  Object.assign(live.metadata, {
    uid: `uid-${object.metadata.name}`,
    resourceVersion: '1234',
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'batteries-included', operation: 'Apply' }],
  });
  live.status = { observedGeneration: 1 };
  edit(live);
  return live;
}

const byKey = (objects: KubeObject[]) => new Map(objects.map((object) => [objectKey(object), object]));

function inventoryOf(objects: KubeObject[]): Map<string, InventoryRef> {
  return new Map(
    objects.map((object) => [
      objectKey(object),
      {
        hash: object.metadata.annotations![HASH_ANNOTATION]!,
        battery: object.metadata.labels![BATTERY_LABEL]!,
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
      },
    ]),
  );
}

const namespace = generated('v1', 'Namespace', 'battery-data', { battery: 'core' });
const config = generated('v1', 'ConfigMap', 'redis-config', {
  namespace: 'battery-data',
  fields: { data: { 'redis.conf': 'port 6379\n' } },
});
const secret = generated('v1', 'Secret', 'redis-password', {
  namespace: 'battery-data',
  fields: { type: 'Opaque', stringData: { password: 'correct-horse-battery-staple' } },
});
const service = generated('v1', 'Service', 'redis', {
  namespace: 'battery-data',
  fields: {
    spec: { ports: [{ name: 'redis', port: 6379, targetPort: 'redis' }], selector: { app: 'redis' } },
  },
});
const statefulSet = generated('apps/v1', 'StatefulSet', 'redis', {
  namespace: 'battery-data',
  fields: {
    spec: {
      replicas: 1,
      serviceName: 'redis',
      template: {
        metadata: { labels: { app: 'redis' } },
        spec: { containers: [{ name: 'redis', image: 'quay.io/opstree/redis:v8.4.0' }] },
      },
    },
  },
});
const serviceAccount = generated('v1', 'ServiceAccount', 'redis', { namespace: 'battery-data' });
const pvc = generated('v1', 'PersistentVolumeClaim', 'redis-backup', {
  namespace: 'battery-data',
  fields: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
});
const crd = generated('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'redis.redis.opstreelabs.in');
const redisCr = generated('redis.redis.opstreelabs.in/v1beta2', 'Redis', 'cache', {
  namespace: 'battery-data',
});
const webhook = generated(
  'admissionregistration.k8s.io/v1',
  'ValidatingWebhookConfiguration',
  'redis-operator',
);

const ALL = [namespace, config, secret, service, statefulSet, serviceAccount, pvc, crd, redisCr, webhook];

describe('planChanges', () => {
  it('creates everything that is not live, in apply order', () => {
    const plan = planChanges([...ALL].reverse(), new Map(), new Map());
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name                        Kind                                                         Battery  Op      Drift/Note
(cluster)     redis.redis.opstreelabs.in  CustomResourceDefinition.apiextensions.k8s.io                redis    create
(cluster)     battery-data                Namespace                                                    core     create
battery-data  redis                       ServiceAccount                                               redis    create
battery-data  redis-config                ConfigMap                                                    redis    create
battery-data  redis-backup                PersistentVolumeClaim                                        redis    create
battery-data  redis-password              Secret                                                       redis    create
battery-data  redis                       Service                                                      redis    create
battery-data  redis                       StatefulSet.apps                                             redis    create
battery-data  cache                       Redis.redis.redis.opstreelabs.in                             redis    create
(cluster)     redis-operator              ValidatingWebhookConfiguration.admissionregistration.k8s.io  redis    create

Plan: 10 create, 0 update, 0 drifted, 0 prune, 0 orphan (0 unchanged)`.trim(),
    );
  });

  it('leaves alone live objects whose hash matches and that only gained server defaults and status', () => {
    const live = ALL.map((object) =>
      onServer(object, (o) => {
        if (o.kind === 'Service')
          Object.assign(o.spec as object, { clusterIP: '10.0.0.7', type: 'ClusterIP' });
        if (o.kind === 'Secret') o.data = { password: 'Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5LXN0YXBsZQ==' };
        if (o.kind === 'Secret') delete o.stringData;
      }),
    );
    const plan = planChanges(ALL, byKey(live), inventoryOf(ALL));
    expect(formatPlan(plan)).toBe('Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (10 unchanged)');
  });

  it('updates a hash change, reports drift with its paths, and creates what is missing', () => {
    const desired = [namespace, config, service, statefulSet, serviceAccount];
    const changedConfig = generated('v1', 'ConfigMap', 'redis-config', {
      namespace: 'battery-data',
      hash: 'configmap-redis-config-v2',
      fields: { data: { 'redis.conf': 'port 6380\n' } },
    });
    const live = [
      onServer(namespace),
      onServer(config),
      onServer(service),
      // kubectl scale and kubectl set image, which leave our hash annotation in place.
      onServer(statefulSet, (o) => {
        const spec = o.spec as { replicas: number; template: { spec: { containers: { image: string }[] } } };
        spec.replicas = 3;
        spec.template.spec.containers[0]!.image = 'redis:latest';
      }),
    ];
    const plan = planChanges(
      [namespace, changedConfig, service, statefulSet, serviceAccount],
      byKey(live),
      inventoryOf(desired),
    );
    expect(formatPlan(plan, { showUnchanged: true })).toBe(
      `
Namespace     Name          Kind              Battery  Op         Drift/Note
(cluster)     battery-data  Namespace         core     unchanged
battery-data  redis         ServiceAccount    redis    create
battery-data  redis-config  ConfigMap         redis    update
battery-data  redis         Service           redis    unchanged
battery-data  redis         StatefulSet.apps  redis    drifted    spec.replicas, spec.template.spec.containers[name=redis].image

Plan: 1 create, 1 update, 1 drifted, 0 prune, 0 orphan (2 unchanged)`.trim(),
    );
    const drifted = plan.changes.find((change) => change.action === 'drifted')!;
    expect(drifted).toMatchObject({ hash: 'statefulset-redis-v1', liveHash: 'statefulset-redis-v1' });
    const updated = plan.changes.find((change) => change.action === 'update')!;
    expect(updated).toMatchObject({
      hash: 'configmap-redis-config-v2',
      liveHash: 'configmap-redis-config-v1',
    });
  });

  it('prunes what is no longer desired in the reverse of apply order', () => {
    const removed = [config, service, statefulSet, serviceAccount, crd, redisCr, webhook];
    const live = [namespace, ...removed].map((object) => onServer(object));
    const plan = planChanges([namespace], byKey(live), inventoryOf([namespace, ...removed]));
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name                        Kind                                                         Battery  Op     Drift/Note
(cluster)     redis-operator              ValidatingWebhookConfiguration.admissionregistration.k8s.io  redis    prune
battery-data  cache                       Redis.redis.redis.opstreelabs.in                             redis    prune
battery-data  redis                       StatefulSet.apps                                             redis    prune
battery-data  redis                       Service                                                      redis    prune
battery-data  redis-config                ConfigMap                                                    redis    prune
battery-data  redis                       ServiceAccount                                               redis    prune
(cluster)     redis.redis.opstreelabs.in  CustomResourceDefinition.apiextensions.k8s.io                redis    prune

Plan: 0 create, 0 update, 0 drifted, 7 prune, 0 orphan (1 unchanged)`.trim(),
    );
  });

  it('orphans PersistentVolumeClaims and Namespaces instead of pruning them', () => {
    const live = [namespace, pvc, config].map((object) => onServer(object));
    const plan = planChanges([], byKey(live), inventoryOf([namespace, pvc, config]));
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name          Kind                   Battery  Op      Drift/Note
battery-data  redis-backup  PersistentVolumeClaim  redis    orphan  kept for data safety
battery-data  redis-config  ConfigMap              redis    prune
(cluster)     battery-data  Namespace              core     orphan  kept for data safety

Plan: 0 create, 0 update, 0 drifted, 1 prune, 2 orphan (0 unchanged)`.trim(),
    );
  });

  it("orphans Keycloak's realm and role groups (users and memberships) and prunes its clients", () => {
    const keycloak = 'keycloak.batteriesincl.com/v1alpha1';
    const objects = [
      generated(keycloak, 'KeycloakRealm', 'batterycore', { battery: 'sso' }),
      generated(keycloak, 'KeycloakGroup', 'admin', { namespace: 'batterycore', battery: 'sso' }),
      generated(keycloak, 'KeycloakClient', 'grafana', { namespace: 'batterycore', battery: 'sso' }),
    ];
    const plan = planChanges([], byKey(objects), inventoryOf(objects));
    // Prune order is the reverse of apply order: what lives in the realm first, the realm last.
    expect(plan.changes.map((c) => `${c.action} ${c.key}`)).toEqual([
      'orphan KeycloakGroup.keycloak.batteriesincl.com/batterycore/admin',
      'prune KeycloakClient.keycloak.batteriesincl.com/batterycore/grafana',
      'orphan KeycloakRealm.keycloak.batteriesincl.com/batterycore',
    ]);
  });

  it('prunes PersistentVolumeClaims and Namespaces when asked to prune data objects', () => {
    const live = [namespace, pvc].map((object) => onServer(object));
    const plan = planChanges([], byKey(live), inventoryOf([namespace, pvc]), { pruneDataObjects: true });
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name          Kind                   Battery  Op     Drift/Note
battery-data  redis-backup  PersistentVolumeClaim  redis    prune
(cluster)     battery-data  Namespace              core     prune

Plan: 0 create, 0 update, 0 drifted, 2 prune, 0 orphan (0 unchanged)`.trim(),
    );
  });

  it('does not plan an already orphaned object again, unless data objects are to be pruned', () => {
    const orphaned = onServer(pvc, (o) => (o.metadata.labels![ORPHANED_LABEL] = 'true'));
    // Once orphaned it is no longer in the inventory: the pass that orphaned it did not desire it.
    expect(formatPlan(planChanges([], byKey([orphaned]), new Map()))).toBe(
      'Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (0 unchanged)',
    );
    expect(formatPlan(planChanges([], byKey([orphaned]), inventoryOf([pvc])))).toBe(
      'Plan: 0 create, 0 update, 0 drifted, 0 prune, 0 orphan (0 unchanged)',
    );
    expect(formatPlan(planChanges([], byKey([orphaned]), new Map(), { pruneDataObjects: true }))).toBe(
      `
Namespace     Name          Kind                   Battery  Op     Drift/Note
battery-data  redis-backup  PersistentVolumeClaim  redis    prune  was orphaned; not in inventory

Plan: 0 create, 0 update, 0 drifted, 1 prune, 0 orphan (0 unchanged)`.trim(),
    );
  });

  it('re-adopts an orphaned object that is desired again, so the orphaned label comes off', () => {
    const orphaned = onServer(pvc, (o) => (o.metadata.labels![ORPHANED_LABEL] = 'true'));
    const plan = planChanges([pvc], byKey([orphaned]), new Map());
    expect(plan.changes.map((c) => [c.action, c.note])).toEqual([['update', 'adopt: was orphaned']]);
  });

  it('prunes a managed object the inventory lost, but orphans a lost PersistentVolumeClaim', () => {
    const live = [onServer(config), onServer(pvc)];
    const plan = planChanges([], byKey(live), new Map());
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name          Kind                   Battery  Op      Drift/Note
battery-data  redis-backup  PersistentVolumeClaim  redis    orphan  kept for data safety; not in inventory
battery-data  redis-config  ConfigMap              redis    prune   not in inventory

Plan: 0 create, 0 update, 0 drifted, 1 prune, 1 orphan (0 unchanged)`.trim(),
    );
  });

  it('never prunes live objects that are not ours or that have an owner', () => {
    const foreign = onServer(config, (o) => {
      o.metadata.name = 'someone-elses';
      delete o.metadata.labels![MANAGED_BY_LABEL];
    });
    // A ReplicaSet copies its Deployment's annotations and pod-template labels, but its owner deletes it.
    const replicaSet = onServer(
      generated('apps/v1', 'ReplicaSet', 'grafana-5d8f', { namespace: 'battery-core' }),
      (o) => {
        o.metadata.ownerReferences = [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'grafana', uid: 'u1' },
        ];
      },
    );
    const unhashed = onServer(config, (o) => {
      o.metadata.name = 'no-hash';
      delete o.metadata.annotations![HASH_ANNOTATION];
    });
    const plan = planChanges([], byKey([foreign, replicaSet, unhashed]), new Map());
    expect(plan.changes).toEqual([]);
  });

  it('prunes an inventory object missing from the live cache, since delete is idempotent', () => {
    const plan = planChanges([], new Map(), inventoryOf([config, pvc]));
    expect(formatPlan(plan)).toBe(
      `
Namespace     Name          Kind                   Battery  Op      Drift/Note
battery-data  redis-backup  PersistentVolumeClaim  redis    orphan  kept for data safety; not in live cache
battery-data  redis-config  ConfigMap              redis    prune   not in live cache

Plan: 0 create, 0 update, 0 drifted, 1 prune, 1 orphan (0 unchanged)`.trim(),
    );
    expect(plan.changes.map((c) => c.liveHash)).toEqual([
      'persistentvolumeclaim-redis-backup-v1',
      'configmap-redis-config-v1',
    ]);
  });

  it('adopts a live object that has no hash annotation by updating it', () => {
    const unhashed = onServer(config, (o) => delete o.metadata.annotations![HASH_ANNOTATION]);
    const plan = planChanges([config], byKey([unhashed]), new Map());
    expect(plan.changes.map((c) => [c.action, c.note])).toEqual([
      ['update', 'adopt: no hash on live object'],
    ]);
  });

  it('makes the same plan whatever order the desired list and the maps are in', () => {
    const desired = [namespace, config, statefulSet, service, pvc];
    const live = [namespace, config, statefulSet, serviceAccount, crd, webhook, redisCr].map((object) =>
      onServer(object, (o) => {
        if (o.kind === 'StatefulSet') (o.spec as { replicas: number }).replicas = 2;
      }),
    );
    const inventory = [namespace, config, statefulSet, serviceAccount, crd, webhook];
    const forward = planChanges(desired, byKey(live), inventoryOf(inventory));
    const backward = planChanges(
      [...desired].reverse(),
      byKey([...live].reverse()),
      inventoryOf([...inventory].reverse()),
    );
    expect(backward).toEqual(forward);
    expect(formatPlan(backward, { showUnchanged: true })).toBe(formatPlan(forward, { showUnchanged: true }));
    expect(forward.counts).toEqual({ create: 2, update: 0, unchanged: 2, drifted: 1, prune: 4, orphan: 0 });
  });

  it('refuses a desired set with two objects of the same ref', () => {
    const again = generated('v1', 'ConfigMap', 'redis-config', { namespace: 'battery-data', hash: 'other' });
    expect(() => planChanges([config, again], new Map(), new Map())).toThrow(DuplicateObjectError);
    expect(() => planChanges([config, again], new Map(), new Map())).toThrow(
      'ConfigMap/battery-data/redis-config: generated more than once',
    );
  });
});

describe('the apply order of a large plan', () => {
  it('is compareForApply over the refs, whatever order the objects come in', () => {
    const kinds: [string, string][] = [
      ['apps/v1', 'Deployment'],
      ['v1', 'ConfigMap'],
      ['v1', 'Namespace'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['example.com/v1', 'Widget'],
      ['v1', 'Service'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
    ];
    const objects = Array.from({ length: 300 }, (_, i) => {
      const [apiVersion, kind] = kinds[(i * 5) % kinds.length]!;
      const isClusterScoped = kind === 'Namespace' || kind === 'CustomResourceDefinition';
      return generated(
        apiVersion,
        kind,
        `n${(i * 7919) % 300}`,
        isClusterScoped ? {} : { namespace: `ns${i % 3}` },
      );
    });
    const unique = [...new Map(objects.map((o) => [objectKey(o), o])).values()];
    const planned = planChanges(unique, new Map(), new Map()).changes.map((c) => c.ref);
    expect(planned).toEqual([...planned].sort(compareForApply));
    expect(planChanges([...unique].reverse(), new Map(), new Map()).changes.map((c) => c.key)).toEqual(
      planned.map(formatRef),
    );
  });
});
