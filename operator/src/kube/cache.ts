import type { KubeConfig } from '@kubernetes/client-node';
import {
  API_GROUP,
  API_VERSION,
  CATALOG,
  INSTANCE_KINDS,
  MANAGED_SELECTOR,
  splitApiVersion,
  type KubeObject,
} from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { collectionPath, createDiscovery, type Discovery, type ResourceInfo } from './discovery.js';
import { toKubeApiError, type KubeApiError } from './errors.js';
import {
  createInformer,
  type Informer,
  type InformerEvent,
  type InformerOptions,
  type InformerStatus,
} from './informer.js';

/** A kind by apiVersion and kind, e.g. `{ apiVersion: 'apps/v1', kind: 'Deployment' }`. */
export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** One change to the cache; the runner triggers a pass on these. */
export type CacheChange = InformerEvent;

export type CacheChangeListener = (change: CacheChange) => void;

/** How the cache is doing with one kind. */
export interface CachedKind {
  /** `Kind.group` (or `Kind` for the core group), as in object keys. */
  readonly groupKind: string;
  readonly apiVersion: string;
  /** The selector objects of this kind must match, if any. */
  readonly labelSelector?: string;
  /** `pending`: the kind does not exist yet; it is watched once its CRD is Established. */
  readonly state: 'watching' | 'pending';
  readonly informer?: InformerStatus;
}

export interface ClusterCacheOptions {
  /**
   * Battery types whose Battery kinds, and the instance kinds they declare, are watched (every object, no
   * selector). @default every type in CATALOG
   */
  readonly batteryTypes?: readonly string[];
  /** The selector managed kinds are watched with. @default MANAGED_SELECTOR */
  readonly managedSelector?: string;
  /** Shared with the client, so both learn new kinds together. @default a new one */
  readonly discovery?: Discovery;
  /** Passed to every informer. */
  readonly informer?: Pick<InformerOptions, 'backoff' | 'pageSize' | 'watchTimeoutSeconds'>;
  /** Failed discoveries, lists and watches. The cache keeps going. */
  readonly onError?: (error: KubeApiError) => void;
}

/**
 * The one read model a pass's Prepare reads: every Battery object and every managed object, by canonical key,
 * mirrored by one informer per kind.
 */
export interface ClusterCache {
  /** Discovers, starts the CRD watch and the Battery kinds' informers. Call once. */
  start(): Promise<void>;
  /**
   * Watches these managed kinds too (the kinds in the desired set and the inventory); kinds already watched
   * are skipped. A kind that does not exist yet is pending until its CRD is Established.
   */
  watchKinds(kinds: Iterable<KindRef>): Promise<void>;
  /** Every started informer, and the CRD watch, have listed once. Pending kinds do not count: they have no objects. */
  hasSynced(): boolean;
  /** Resolves true once synced (including informers started while waiting), false if the cache stops first. */
  waitForSync(): Promise<boolean>;
  /** A frozen copy: an immutable Map of deep-frozen objects, unaffected by later changes. */
  snapshot(): ReadonlyMap<string, KubeObject>;
  get(key: string): KubeObject | undefined;
  /** Called on every add, update and delete; returns the function that removes the listener. */
  on(event: 'changes', listener: CacheChangeListener): () => void;
  kinds(): CachedKind[];
  /** Stops every informer; resolves when no request or timer is left. */
  stop(): Promise<void>;
}

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

interface Entry {
  readonly groupKind: string;
  readonly ref: KindRef;
  readonly labelSelector?: string;
  informer?: Informer;
  /** The resource the informer watches (the version may differ from the one asked for). */
  resource?: ResourceInfo;
}

/**
 * A ClusterCache over informers. CRDs are watched (slimmed to their names and conditions) so that a kind
 * installed at run time is watched as soon as its CRD is Established.
 * @example
 * const cache = createClusterCache(config);
 * await cache.start();
 * await cache.watchKinds([{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
 * await cache.waitForSync();
 * const live = cache.snapshot();
 */
export function createClusterCache(config: KubeConfig, options: ClusterCacheOptions = {}): ClusterCache {
  const discovery = options.discovery ?? createDiscovery(config);
  const managedSelector = options.managedSelector ?? MANAGED_SELECTOR;
  const objects = new Map<string, KubeObject>();
  const entries = new Map<string, Entry>();
  const listeners = new Set<CacheChangeListener>();
  let stopped = false;
  const report = (error: KubeApiError) => options.onError?.(error);

  const crds = createInformer(config, {
    ...options.informer,
    path: `/apis/${CRD_API_VERSION}/customresourcedefinitions`,
    apiVersion: CRD_API_VERSION,
    kind: 'CustomResourceDefinition',
    transform: slimCrd,
    onError: report,
  });
  crds.on((event) => {
    if (event.type === 'delete') return discovery.forgetCrd(event.object);
    for (const info of discovery.learnCrd(event.object)) {
      const entry = entries.get(groupKindOf(info.apiVersion, info.kind));
      if (!entry || stopped) continue;
      if (!entry.informer) startInformer(entry, preferredVersion(entry, info));
      else entry.informer.wake();
    }
  });

  function startInformer(entry: Entry, resource: ResourceInfo): void {
    const informer = createInformer(config, {
      ...options.informer,
      path: collectionPath(resource),
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      labelSelector: entry.labelSelector,
      onError: report,
    });
    informer.on((change) => {
      if (change.type === 'delete') objects.delete(change.key);
      else objects.set(change.key, change.object);
      // A throwing listener is the informer's to report; it must not keep the change from the others.
      const failures: unknown[] = [];
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0)
        throw new AggregateError(failures, `${failures.length} cache listener(s) failed`);
    });
    entry.informer = informer;
    entry.resource = resource;
    informer.start();
  }

  /** The CRD may serve several versions; keep the one the caller asked for when it is served. */
  function preferredVersion(entry: Entry, learnt: ResourceInfo): ResourceInfo {
    return discovery.lookup(entry.ref.apiVersion, entry.ref.kind) ?? learnt;
  }

  async function watch(ref: KindRef, labelSelector: string | undefined): Promise<void> {
    const groupKind = groupKindOf(ref.apiVersion, ref.kind);
    if (entries.has(groupKind) || stopped) return;
    const entry: Entry = labelSelector ? { groupKind, ref, labelSelector } : { groupKind, ref };
    entries.set(groupKind, entry);
    let resource: ResourceInfo | undefined;
    try {
      resource = await discovery.resourceFor(ref.apiVersion, ref.kind);
    } catch (error) {
      // Unknown is not the same as absent: forget the kind so that the next watchKinds asks again.
      entries.delete(groupKind);
      return report(toKubeApiError(groupKind, error));
    }
    if (resource && !entry.informer && !stopped) startInformer(entry, resource);
  }

  const allInformers = () => [
    crds,
    ...[...entries.values()].flatMap((e) => (e.informer ? [e.informer] : [])),
  ];

  return {
    async start() {
      try {
        await discovery.refresh();
      } catch (error) {
        // Not fatal: every kind is looked up again on demand, and CRDs teach the rest.
        report(toKubeApiError('discovery', error));
      }
      crds.start();
      const types = options.batteryTypes ?? CATALOG.map((battery) => battery.type);
      const apiVersion = `${API_GROUP}/${API_VERSION}`;
      // Battery kinds and instance kinds: every object, no selector (users create them).
      const instanceKinds = INSTANCE_KINDS.filter((kind) => types.includes(kind.battery));
      await Promise.all([
        ...types.map((type) => watch({ apiVersion, kind: crdKind(type) }, undefined)),
        ...instanceKinds.map((definition) => watch({ apiVersion, kind: definition.kind }, undefined)),
      ]);
    },
    async watchKinds(kinds) {
      await Promise.all([...kinds].map((ref) => watch(ref, managedSelector)));
    },
    hasSynced: () => allInformers().every((informer) => informer.hasSynced()),
    async waitForSync() {
      for (;;) {
        const informers = allInformers();
        const synced = await Promise.all(informers.map((informer) => informer.waitForSync()));
        if (synced.includes(false) || stopped) return false;
        if (allInformers().length === informers.length) return true;
      }
    },
    snapshot: () => freezeMap(new Map(objects)),
    get: (key) => objects.get(key),
    on(_event, listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kinds: () =>
      [...entries.values()].map((entry) => ({
        groupKind: entry.groupKind,
        apiVersion: entry.resource?.apiVersion ?? entry.ref.apiVersion,
        ...(entry.labelSelector ? { labelSelector: entry.labelSelector } : {}),
        state: entry.informer ? ('watching' as const) : ('pending' as const),
        ...(entry.informer ? { informer: entry.informer.status() } : {}),
      })),
    async stop() {
      stopped = true;
      await Promise.all(allInformers().map((informer) => informer.stop()));
    },
  };
}

/** `Kind.group`, the kind part of an object key. */
function groupKindOf(apiVersion: string, kind: string): string {
  const { group } = splitApiVersion(apiVersion);
  return group ? `${kind}.${group}` : kind;
}

/** Only what discovery needs from a CRD: the schemas of upstream CRDs run to megabytes. */
function slimCrd(crd: KubeObject): KubeObject {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: unknown;
    versions?: Array<{ name?: string; served?: boolean }>;
  };
  const status = (crd.status ?? {}) as { conditions?: unknown; acceptedNames?: unknown };
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: {
      name: crd.metadata.name,
      uid: crd.metadata.uid,
      resourceVersion: crd.metadata.resourceVersion,
    },
    spec: {
      group: spec.group,
      scope: spec.scope,
      names: spec.names,
      versions: (spec.versions ?? []).map((v) => ({ name: v.name, served: v.served })),
    },
    status: { conditions: status.conditions, acceptedNames: status.acceptedNames },
  };
}

/** A Map whose mutators throw, frozen so they cannot be put back. */
function freezeMap<K, V>(map: Map<K, V>): ReadonlyMap<K, V> {
  const refuse = () => {
    throw new TypeError('a cache snapshot is read-only');
  };
  Object.defineProperties(map, {
    set: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  });
  return Object.freeze(map);
}
