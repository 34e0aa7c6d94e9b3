import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  CATALOG,
  generate,
  withSecretMaterial,
  type KubeObject,
  API_GROUP,
  splitApiVersion,
} from '@batteries-included/batteries';
import type { Logger } from 'pino';
import { createKubeClient } from './kube/client.js';
import { createClusterCache, type KindRef } from './kube/cache.js';
import { createDiscovery } from './kube/discovery.js';
import { createLeaderElector, type LeaderElector } from './kube/lease.js';
import { createBundleResolver } from './bundles/resolve-bundles.js';
import { listPushedBundles } from './bundles/list-pushed-bundles.js';
import type { FetchBundleOptions } from './bundles/fetch-bundle.js';
import { createClusterPort } from './engine/cluster-port.js';
import { EventBus } from './engine/event-bus.js';
import { broadcastStatuses, runPass, type PassDependencies, type PassReport } from './engine/pass.js';
import type { PassOutcome } from './engine/pass-outcome.js';
import { reactToChange } from './engine/react-to-change.js';
import { PassRunner } from './engine/runner.js';
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
}

export interface RunningOperator {
  bus: EventBus;
  metrics: Metrics;
  /** What the watch cache holds now: Battery objects and every live object by canonical key (for the API). */
  view: PassDependencies['cache'];
  /** Ready: the cache has synced. */
  isReady(): boolean;
  isLeader(): boolean;
  /** Asks for a pass now (after the debounce). */
  requestPass(reason?: string): void;
  /** Resolves after the next pass that starts from now has finished. */
  nextPass(): Promise<PassOutcome>;
  stop(): Promise<void>;
}

/**
 * The operator: an informer cache over Battery objects and managed kinds, a pass runner fed by cache changes,
 * the resync timer and manual requests, and leader election so only one replica writes. Passes run only while
 * leading and after the cache has synced.
 */
export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const { config, store, logger } = options;
  const bus = new EventBus();
  const metrics = new Metrics();
  const discovery = createDiscovery(config);
  const client = createKubeClient(config, { discovery, events: { component: 'batteries-included' } });
  const cache = createClusterCache(config, {
    discovery,
    onError: (error) => logger.warn({ err: error.message }, 'cache error'),
  });
  const cluster = createClusterPort(config, client, discovery);

  const snapshotView: PassDependencies['cache'] = {
    batteries: () =>
      [...cache.snapshot().values()].filter((o) => splitApiVersion(o.apiVersion).group === API_GROUP),
    live: () => cache.snapshot(),
  };
  const systemNamespace = options.namespace ?? 'batteries-included-system';
  // Upstream bundles: the store's cache, then ConfigMaps pushed by `bi bundles push`, then HTTPS (or the mirror).
  const bundles = createBundleResolver({
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
  const deps: PassDependencies = { cache: snapshotView, cluster, store, bus, bundles, unrecorded: [] };
  let lastReport: PassReport | undefined;
  let currentPass: AbortController | undefined;
  const waiters: Array<(outcome: PassOutcome) => void> = [];

  const runner = new PassRunner(
    async (triggers) => {
      if (!cache.hasSynced()) return { kind: 'failed', reason: 'the cache has not synced yet' };
      // A follower reads and watches but never writes; the leader-elected trigger starts its first pass.
      if (elector && !elector.isLeader()) return { kind: 'done', skipped: 'not the leader' };
      const started = performance.now();
      // Losing the Lease mid-pass aborts it: no new stage or object starts once another replica may lead.
      currentPass = new AbortController();
      const { outcome, report } = await runPass(deps, triggers, currentPass.signal).finally(
        () => (currentPass = undefined),
      );
      lastReport = report;
      // Controllers may have reported readiness while the pass ran; look again with the new report.
      scheduleStatusRefresh();
      await cache
        .watchKinds(kindsOf(report))
        .catch((error) => logger.warn({ err: String(error) }, 'watch kinds'));
      metrics.observe(
        'bi_pass_duration_seconds',
        'Duration of passes.',
        (performance.now() - started) / 1000,
      );
      for (const result of report.applied) {
        metrics.inc('bi_objects_total', 'Objects handled by passes, by action and outcome.', {
          action: result.action,
          outcome: result.outcome,
        });
      }
      // Where upstream bundles came from since start: a steady state makes no downloads and no store reads.
      for (const [source, count] of Object.entries(bundles.stats))
        metrics.set(
          'bi_bundle_lookups',
          'Upstream bundle resolver counters since start: files downloaded (fetches), bundles from the store cache, imported from pushed ConfigMaps, or served from memory.',
          count,
          {
            source,
          },
        );
      return outcome;
    },
    {
      debounceMs: options.debounceMs,
      resyncMs: options.resyncMs,
      onOutcome: (outcome, triggers) => {
        const log = {
          outcome: outcome.kind,
          triggers,
          passId: 'passId' in outcome ? outcome.passId : undefined,
        };
        // No pass ran: neither a `pass done` line nor a count, so logs and metrics show only real passes.
        if (outcome.kind === 'done' && outcome.skipped) {
          logger.debug({ triggers, reason: outcome.skipped }, 'pass skipped');
        } else {
          metrics.inc('bi_passes_total', 'Passes by outcome.', { outcome: outcome.kind });
          if (outcome.kind === 'done') logger.info(log, 'pass done');
          else logger.warn({ ...log, reason: outcome.reason }, 'pass needs a retry');
        }
        for (const resolve of waiters.splice(0)) resolve(outcome);
      },
    },
  );

  let statusRefresh: ReturnType<typeof setTimeout> | undefined;
  /** Readiness moved (or a pass just ended): refresh Battery status soon from the latest report, without a pass. */
  const scheduleStatusRefresh = () => {
    if (statusRefresh) return;
    statusRefresh = setTimeout(() => {
      statusRefresh = undefined;
      if (lastReport && (!elector || elector.isLeader())) {
        void broadcastStatuses(deps, lastReport).catch((error) => {
          logger.warn({ err: String(error) }, 'status refresh failed; retrying');
          setTimeout(scheduleStatusRefresh, 1000).unref();
        });
      }
    }, 250);
  };
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
    if (reaction.kind === 'pass') runner.trigger(reaction.reason);
    else if (reaction.kind === 'status') scheduleStatusRefresh();
    metrics.set('bi_queue_depth', 'Triggers waiting for the next pass.', runner.pendingCount);
  });

  const elector: LeaderElector | undefined = options.withoutLeaderElection
    ? undefined
    : createLeaderElector(config, {
        namespace: systemNamespace,
        identity: options.identity ?? `${hostname()}-${process.pid}`,
        onAcquired: () => {
          logger.info('became leader');
          runner.trigger('leader-elected');
        },
        onLost: (reason) => {
          logger.warn({ reason }, 'lost leadership');
          currentPass?.abort();
        },
        onError: (error) => logger.warn({ err: error.message }, 'leader election'),
      });

  // Retention: old passes, then documents nothing references any more.
  const reapTimer = setInterval(() => {
    if (elector && !elector.isLeader()) return;
    void store
      .reap({ keepPasses: options.keepPasses ?? 1000 })
      .then((result) => logger.info({ result }, 'reaped old passes'))
      .catch((error) => logger.warn({ err: String(error) }, 'reap failed'));
  }, 3_600_000);
  reapTimer.unref();

  await cache.start();
  await cache.watchKinds(catalogKinds());
  elector?.start();
  runner.start();
  void cache.waitForSync().then((synced) => synced && runner.trigger('cache-synced'));

  return {
    bus,
    metrics,
    view: snapshotView,
    isReady: () => cache.hasSynced(),
    isLeader: () => elector?.isLeader() ?? true,
    requestPass: (reason = 'manual') => runner.trigger(reason),
    nextPass: () => new Promise((resolve) => waiters.push(resolve)),
    async stop() {
      clearTimeout(statusRefresh);
      clearInterval(reapTimer);
      await runner.stop();
      await elector?.release();
      await cache.stop();
    },
  };
}

/** Every kind the catalog can generate, so the cache watches them from the start. */
function catalogKinds(): KindRef[] {
  const all = Object.fromEntries(CATALOG.map((b) => [b.type, {}]));
  const snapshot = withSecretMaterial({ batteries: all, live: {}, secretMaterial: {} }, () => 'unused');
  return uniqueKinds(generate(snapshot).objects);
}

function kindsOf(report: PassReport): KindRef[] {
  return uniqueKinds(report.results.flatMap((r) => (r.status === 'generated' ? r.objects : [])));
}

function uniqueKinds(objects: readonly KubeObject[]): KindRef[] {
  const seen = new Map<string, KindRef>();
  for (const o of objects) seen.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...seen.values()];
}
