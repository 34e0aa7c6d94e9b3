import {
  API_GROUP,
  API_VERSION,
  CATALOG,
  MANAGED_SELECTOR,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { allBatteryCrds, crdKind, crdName } from '@batteries-included/crds';
import { eventually, lockSharedCluster, waitForEstablished } from '@batteries-included/testenv';
import { createClusterCache, type CacheChange, type ClusterCache } from './cache.js';
import { createKubeClient, loadKubeConfig } from './client.js';
import { collectionPath, createDiscovery } from './discovery.js';
import type { KubeApiError } from './errors.js';
import { requestJson } from './json-request.js';

const config = loadKubeConfig(process.env.BI_TEST_KUBECONFIG);
const client = createKubeClient(config);
const suffix = Math.random().toString(36).slice(2, 8);
const namespace = `kube-cache-${suffix}`;
const group = `cache-${suffix}.test.batteriesincl.com`;
const managed = { 'app.kubernetes.io/managed-by': 'batteries-included' };
// A battery few other tests touch; its object is cluster-scoped and named after its type.
const BATTERY_TYPE = 'ollama';
const MANAGED_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
];

const discovery = createDiscovery(config);
const errors: KubeApiError[] = [];
const changes: CacheChange[] = [];
let cache: ClusterCache;

const object = (kind: string, name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  ...(kind === 'Secret' ? { stringData: { key: name } } : { data: { key: name } }),
});

/** What the server holds of everything the cache mirrors, keyed and stamped as the cache keys and stamps. */
async function serverState(): Promise<Map<string, KubeObject>> {
  const state = new Map<string, KubeObject>();
  const collections = [
    ...CATALOG.map((b) => ({
      ref: { apiVersion: `${API_GROUP}/${API_VERSION}`, kind: crdKind(b.type) },
      selector: undefined,
    })),
    ...MANAGED_KINDS.map((ref) => ({ ref, selector: MANAGED_SELECTOR })),
  ];
  for (const { ref, selector } of collections) {
    const resource = await discovery.resourceFor(ref.apiVersion, ref.kind);
    if (!resource) continue;
    const list = await requestJson<{ items: KubeObject[] }>(config, {
      path: collectionPath(resource),
      query: { labelSelector: selector },
    });
    for (const item of list.items) {
      const stamped = { ...item, apiVersion: ref.apiVersion, kind: ref.kind };
      state.set(objectKey(stamped), stamped);
    }
  }
  return state;
}

// Battery objects (and their CRDs) are cluster-wide: suites in other workers that touch them take turns.
let release: (() => void) | undefined;
beforeAll(async () => {
  release = await lockSharedCluster('battery-objects');
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const crd = allBatteryCrds().find((c) => c.metadata.name === crdName(BATTERY_TYPE))!;
  await client.apply(crd as unknown as KubeObject);
  await waitForEstablished(crdName(BATTERY_TYPE));
  // Server-side apply learns a new kind's schema a moment after Established (500 until then).
  await eventually(() =>
    client.apply({
      apiVersion: `${API_GROUP}/${API_VERSION}`,
      kind: crdKind(BATTERY_TYPE),
      metadata: { name: BATTERY_TYPE },
      spec: {},
    }),
  );
  cache = createClusterCache(config, {
    discovery,
    informer: { backoff: { initialMs: 50, maxMs: 500 } },
    onError: (error) => errors.push(error),
  });
  cache.on('changes', (change) => changes.push(change));
});

afterAll(async () => {
  try {
    await cache.stop();
    await client.delete({
      group: API_GROUP,
      version: API_VERSION,
      kind: crdKind(BATTERY_TYPE),
      name: BATTERY_TYPE,
    });
    await client.delete({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
      name: `gadgets.${group}`,
    });
    await client.delete({ group: '', version: 'v1', kind: 'Namespace', name: namespace });
  } finally {
    release?.();
  }
});

describe('the cluster cache on a real API server', () => {
  it('holds exactly what the server holds: every Battery object and the managed objects, not the unmanaged ones', async () => {
    await client.apply(object('ConfigMap', 'managed-config', managed));
    await client.apply(object('ConfigMap', 'unmanaged-config'));
    await client.apply(object('Secret', 'managed-secret', managed));
    await client.apply(object('ConfigMap', 'short-lived', managed));

    await cache.start();
    await cache.watchKinds(MANAGED_KINDS);
    expect(await cache.waitForSync()).toBe(true);
    expect(cache.hasSynced()).toBe(true);
    const before = cache.snapshot();

    // Changes after the first sync arrive through the watches.
    await client.apply({ ...object('ConfigMap', 'managed-config', managed), data: { key: 'changed' } });
    await client.delete({ group: '', version: 'v1', kind: 'ConfigMap', namespace, name: 'short-lived' });
    await client.apply(object('Secret', 'late-secret', managed));

    const snapshot = await eventually(async () => {
      const current = cache.snapshot();
      expect(current).toEqual(await serverState());
      return current;
    });
    const battery = `${crdKind(BATTERY_TYPE)}.${API_GROUP}/${BATTERY_TYPE}`;
    expect(snapshot.has(battery)).toBe(true);
    expect(snapshot.get(`ConfigMap/${namespace}/managed-config`)?.data).toEqual({ key: 'changed' });
    expect(snapshot.has(`ConfigMap/${namespace}/unmanaged-config`)).toBe(false);
    expect(snapshot.has(`ConfigMap/${namespace}/short-lived`)).toBe(false);
    expect(snapshot.has(`Secret/${namespace}/late-secret`)).toBe(true);
    expect(changes.map((c) => `${c.type} ${c.key}`)).toEqual(
      expect.arrayContaining([
        `update ConfigMap/${namespace}/managed-config`,
        `delete ConfigMap/${namespace}/short-lived`,
        `add Secret/${namespace}/late-secret`,
      ]),
    );

    // A snapshot is a frozen copy: later changes do not reach it, and it cannot be changed.
    expect(before.get(`ConfigMap/${namespace}/managed-config`)?.data).toEqual({ key: 'managed-config' });
    expect(before.has(`ConfigMap/${namespace}/short-lived`)).toBe(true);
    expect(() => (before as Map<string, KubeObject>).set('x', snapshot.get(battery)!)).toThrow(TypeError);
    expect(Object.isFrozen(snapshot.get(battery)!.metadata)).toBe(true);
    expect(
      cache
        .kinds()
        .filter((k) => k.state === 'watching')
        .map((k) => k.groupKind),
    ).toEqual(expect.arrayContaining(['ConfigMap', 'Secret', `${crdKind(BATTERY_TYPE)}.${API_GROUP}`]));
    expect(errors).toEqual([]);
  }, 60_000);

  it('watches a kind whose CRD is installed at run time once the CRD is Established', async () => {
    const gadgets = { apiVersion: `${group}/v1`, kind: 'Gadget' };
    await cache.watchKinds([gadgets]);
    expect(discovery.isKnown(gadgets.apiVersion, gadgets.kind)).toBe(false);
    expect(cache.kinds().find((k) => k.groupKind === `Gadget.${group}`)).toMatchObject({ state: 'pending' });

    await client.apply({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `gadgets.${group}`, labels: managed },
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Gadget', plural: 'gadgets' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    });
    await waitForEstablished(`gadgets.${group}`);
    const gadget = (name: string, labels?: Record<string, string>): KubeObject => ({
      ...gadgets,
      metadata: { name, namespace, ...(labels ? { labels } : {}) },
      spec: { name },
    });
    await eventually(() => client.apply(gadget('managed-gadget', managed)));
    await client.apply(gadget('unmanaged-gadget'));

    const key = `Gadget.${group}/${namespace}/managed-gadget`;
    await eventually(() => expect(cache.get(key)).toMatchObject({ spec: { name: 'managed-gadget' } }));
    expect(discovery.isKnown(gadgets.apiVersion, gadgets.kind)).toBe(true);
    expect(cache.kinds().find((k) => k.groupKind === `Gadget.${group}`)).toMatchObject({ state: 'watching' });
    expect(cache.snapshot().has(`Gadget.${group}/${namespace}/unmanaged-gadget`)).toBe(false);
    expect(changes.map((c) => `${c.type} ${c.key}`)).toContain(`add ${key}`);
    expect(await cache.waitForSync()).toBe(true);
    await eventually(async () => expect(cache.snapshot()).toEqual(await serverStateWith(gadgets)));
  }, 60_000);
});

async function serverStateWith(extra: {
  apiVersion: string;
  kind: string;
}): Promise<Map<string, KubeObject>> {
  const state = await serverState();
  const resource = (await discovery.resourceFor(extra.apiVersion, extra.kind))!;
  const list = await requestJson<{ items: KubeObject[] }>(config, {
    path: collectionPath(resource),
    query: { labelSelector: MANAGED_SELECTOR },
  });
  for (const item of list.items) {
    const stamped = { ...item, ...extra };
    state.set(objectKey(stamped), stamped);
  }
  return state;
}
