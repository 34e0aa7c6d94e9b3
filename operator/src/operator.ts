import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  API_GROUP,
  CATALOG,
  generate,
  splitApiVersion,
  withSecretMaterial,
} from '@batteries-included/batteries';
import type { Logger } from 'pino';
import { createBundleResolver, type BundleResolver } from './bundles/resolve-bundles.js';
import { listPushedBundles } from './bundles/list-pushed-bundles.js';
import type { FetchBundleOptions } from './bundles/fetch-bundle.js';
import { isInstanceObject } from './engine/decide/prepare-snapshot.js';
import { reactToChange } from './engine/decide/react-to-change.js';
import { EventBus } from './engine/event-bus.js';
import { createDriftMemo } from './engine/plan/drift-memo.js';
import { createPassLoop, uniqueKinds, type PassLoop } from './engine/pass-loop.js';
import type { CacheView } from './engine/pass-dependencies.js';
import type { PassOutcome } from './engine/vocabulary.js';
import { createClusterCache, type ClusterCache, type KindRef } from './kube/cache.js';
import { createClusterPort } from './kube/cluster-port.js';
import { createKubeClient } from './kube/client.js';
import { createDiscovery } from './kube/discovery.js';
import { createKeycloakTarget, type KeycloakTarget } from './keycloak/keycloak-target.js';
import { createLeadership, type Leadership } from './kube/leadership.js';
import { Metrics } from './observe/metrics.js';
import type { Store } from './store/store.js';

export interface OperatorOptions {
  config: KubeConfig;
  store: Store;
  logger: Logger;
  /** Namespace of the leader-election Lease. Default `batteries-included-system`. */
  namespace?: string;
  /** This replica's identity in the Lease. Default the host name and pid. */
  identity?: string;
  /** Debounce before a pass. Default 200 ms. */
  debounceMs?: number;
  /** Periodic resync. Default 5 min. */
  resyncMs?: number;
  /** Skip leader election (a single local operator). Default false. */
  withoutLeaderElection?: boolean;
  /** Passes kept by the hourly retention; older ones and the documents only they used are reaped. Default 1000. */
  keepPasses?: number;
  /**
   * Where upstream bundles are downloaded from instead of their release URLs: `https://host/path` is fetched as
   * `<mirror>/host/path`. Default `BI_BUNDLE_MIRROR`, else the release URLs themselves.
   */
  bundleMirror?: string;
  /** Timeout, attempts, backoff, size and redirect limits for bundle downloads (see `fetchBundleFile`). */
  bundleFetch?: Omit<FetchBundleOptions, 'signal'>;
  /** How long a bundle that could not be had is not asked for again, in milliseconds. Default 30 s. */
  bundleFailureTtlMs?: number;
  /**
   * Keycloak's base URL as the operator reaches it (the pass's second target). Default `BI_KEYCLOAK_URL`, else the
   * keycloak battery's Service `http://keycloak.<core namespace>.svc:8080`.
   */
  keycloakUrl?: string;
}

export interface RunningOperator {
  bus: EventBus;
  metrics: Metrics;
  /** What the watch cache holds now: Battery objects and every live object by canonical key (for the API). */
  view: CacheView;
  /** Ready: the cache has synced. */
  isReady(): boolean;
  isLeader(): boolean;
  /** Asks for a pass now (after the debounce). */
  requestPass(reason?: string): void;
  /** Keycloak's base URL as the operator reaches it, when configured (the API fetches the realm's keys there). */
  keycloakUrl?: string;
  /** The upstream bundle resolver the passes use; the API's previews resolve through it too. */
  bundles: BundleResolver;
  /** Resolves after the next pass that starts from now has finished. */
  nextPass(): Promise<PassOutcome>;
  stop(): Promise<void>;
}

/**
 * The operator: an informer cache over Battery objects and managed kinds, a pass loop fed by cache changes, the
 * resync timer and manual requests, and leader election so only one replica writes. Passes run only while
 * leading and after the cache has synced.
 */
export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const { config, store, logger } = options;
  const bus = new EventBus();
  const metrics = new Metrics();
  const systemNamespace = options.namespace ?? 'batteries-included-system';
  const cluster = connectCluster(config, logger);
  const keycloakUrl = options.keycloakUrl ?? (process.env.BI_KEYCLOAK_URL || undefined);
  const keycloak = createKeycloakTarget({ url: keycloakUrl });
  const bundles = createBundles(options, systemNamespace);
  const leadership = createLeadership(config, {
    namespace: systemNamespace,
    identity: options.identity ?? `${hostname()}-${process.pid}`,
    withoutLeaderElection: options.withoutLeaderElection,
    onError: (error) => logger.warn({ err: error.message }, 'leader election'),
  });
  const passes = createPassLoop({
    deps: {
      cache: cluster.view,
      cluster: cluster.port,
      store,
      bus,
      bundles,
      keycloak,
      unrecorded: [],
      driftMemo: createDriftMemo(),
    },
    cache: cluster.cache,
    isLeader: leadership.isLeader,
    logger,
    metrics,
    afterPass: () => {
      observeBundles(metrics, bundles);
      for (const battery of cluster.view.batteries())
        observeReadiness(metrics, battery.metadata.name, battery.status);
    },
    debounceMs: options.debounceMs,
    resyncMs: options.resyncMs,
  });
  followLeadership(leadership, passes, logger);
  feedCacheChanges(cluster.cache, passes, metrics, logger);
  // Readiness changes between passes (a Deployment became Available) arrive as status events.
  bus.subscribe((event) => {
    if (event.type === 'battery-status') observeReadiness(metrics, event.battery, event.status);
  });
  const stopRetention = startRetention(store, leadership, options.keepPasses ?? 1000, logger);

  await cluster.cache.start();
  await cluster.cache.watchKinds(catalogKinds());
  leadership.start();
  passes.start();
  void cluster.cache.waitForSync().then((synced) => synced && passes.trigger('cache-synced'));

  return {
    bus,
    metrics,
    view: withKeycloakObjects(cluster.view, keycloak),
    bundles,
    isReady: () => cluster.cache.hasSynced(),
    isLeader: leadership.isLeader,
    requestPass: (reason = 'manual') => passes.trigger(reason),
    ...(keycloakUrl ? { keycloakUrl } : {}),
    nextPass: () => passes.nextPass(),
    async stop() {
      stopRetention();
      await passes.stop();
      await leadership.release();
      await cluster.cache.stop();
    },
  };
}

/** The cluster as the operator sees it: the shared discovery, the kube client behind the pass's port, the cache. */
function connectCluster(config: KubeConfig, logger: Logger) {
  const discovery = createDiscovery(config);
  const client = createKubeClient(config, { discovery, events: { component: 'batteries-included' } });
  const cache = createClusterCache(config, {
    discovery,
    onError: (error) => logger.warn({ err: error.message }, 'cache error'),
  });
  const ofGroup = () =>
    [...cache.snapshot().values()].filter((o) => splitApiVersion(o.apiVersion).group === API_GROUP);
  const view: CacheView = {
    batteries: () => ofGroup().filter((o) => !isInstanceObject(o)),
    instances: () => ofGroup().filter(isInstanceObject),
    live: () => cache.snapshot(),
  };
  return { cache, view, port: createClusterPort(config, client, discovery) };
}

/**
 * The cache's view plus Keycloak's objects as the latest pass read them, for the API: its previews plan Keycloak
 * objects against what Keycloak holds, as the pass does. (The pass itself reads Keycloak afresh in Prepare.)
 */
function withKeycloakObjects(view: CacheView, keycloak: KeycloakTarget): CacheView {
  return {
    ...view,
    live: () => {
      const read = keycloak.lastRead();
      return read.size > 0 ? new Map([...view.live(), ...read]) : view.live();
    },
  };
}

/** Upstream bundles: the store's cache, then ConfigMaps pushed by `bi bundles push`, then HTTPS (or the mirror). */
function createBundles(options: OperatorOptions, systemNamespace: string): BundleResolver {
  const { config, store, logger } = options;
  return createBundleResolver({
    store,
    failureTtlMs: options.bundleFailureTtlMs,
    mirror: options.bundleMirror ?? (process.env.BI_BUNDLE_MIRROR || undefined),
    fetch: {
      ...options.bundleFetch,
      onRetry: (event) => logger.warn(event, 'bundle download failed; retrying'),
    },
    pushed: () =>
      listPushedBundles(config, systemNamespace, (problem) =>
        logger.warn({ problem }, 'pushed bundle ignored'),
      ),
  });
}

/** Becoming leader runs a pass; losing the Lease stops the running one from starting anything new. */
function followLeadership(leadership: Leadership, passes: PassLoop, logger: Logger): void {
  leadership.onAcquired(() => {
    logger.info('became leader');
    passes.trigger('leader-elected');
  });
  leadership.onLost((reason) => {
    logger.warn({ reason }, 'lost leadership');
    passes.abortCurrent();
  });
}

/** Cache changes become passes (Battery edits, out-of-band edits and deletes) or status refreshes (readiness). */
function feedCacheChanges(cache: ClusterCache, passes: PassLoop, metrics: Metrics, logger: Logger): void {
  cache.on('changes', (change) => {
    const reaction = reactToChange(change);
    if (reaction.kind !== 'ignore')
      logger.debug({ key: change.key, type: change.type, reaction }, 'cache change');
    if (change.lagMs !== undefined)
      metrics.observe(
        'bi_informer_lag_seconds',
        'Time from a change on the server to the cache.',
        change.lagMs / 1000,
      );
    if (reaction.kind === 'pass') passes.trigger(reaction.reason);
    else if (reaction.kind === 'status') passes.refreshStatus();
    metrics.set('bi_queue_depth', 'Triggers waiting for the next pass.', passes.pendingCount);
  });
}

/** `bi_battery_ready{battery}`: 1 when the battery's Ready condition is True, else 0 (the platform dashboard's grid). */
function observeReadiness(metrics: Metrics, battery: string, status: unknown): void {
  const conditions = (status as { conditions?: Array<{ type: string; status: string }> } | undefined)
    ?.conditions;
  const ready = conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  metrics.set('bi_battery_ready', 'Whether each battery is Ready (1) or not (0).', ready ? 1 : 0, {
    battery,
  });
}

/** Where upstream bundles came from since start: a steady state makes no downloads and no store reads. */
function observeBundles(metrics: Metrics, bundles: BundleResolver): void {
  for (const [source, count] of Object.entries(bundles.stats))
    metrics.set(
      'bi_bundle_lookups',
      'Upstream bundle resolver counters since start: files downloaded (fetches), bundles from the store cache, imported from pushed ConfigMaps, or served from memory.',
      count,
      { source },
    );
}

/** Retention, hourly while leading: old passes, then documents nothing references any more. Returns its stop. */
function startRetention(
  store: Store,
  leadership: Leadership,
  keepPasses: number,
  logger: Logger,
): () => void {
  const timer = setInterval(() => {
    if (!leadership.isLeader()) return;
    void store
      .reap({ keepPasses })
      .then((result) => logger.info({ result }, 'reaped old passes'))
      .catch((error) => logger.warn({ err: String(error) }, 'reap failed'));
  }, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Every kind the catalog can generate, so the cache watches them from the start. */
function catalogKinds(): KindRef[] {
  const all = Object.fromEntries(CATALOG.map((b) => [b.type, {}]));
  const snapshot = withSecretMaterial({ batteries: all, live: {}, secretMaterial: {} }, () => 'unused');
  return uniqueKinds(generate(snapshot).objects);
}
