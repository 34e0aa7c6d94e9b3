import { isKubernetesObject, type KubeObject } from '@batteries-included/batteries';
import type { KindRef } from '../kube/cache.js';
import type { Metrics } from '../observe/metrics.js';
import { broadcastStatuses } from './broadcast.js';
import { runPass } from './pass.js';
import type { PassDependencies, PassReport } from './pass-dependencies.js';
import { PassRunner, type RunnerLogger } from './runner.js';
import type { PassOutcome } from './vocabulary.js';

export interface PassLoopOptions {
  deps: PassDependencies;
  /** The watch cache: passes run only once it has synced; the kinds a pass generates are watched after it. */
  cache: { hasSynced(): boolean; watchKinds(kinds: Iterable<KindRef>): Promise<void> };
  /** Only the leader runs passes and writes status. Default: always (a single operator). */
  isLeader?: () => boolean;
  logger: RunnerLogger;
  metrics: Metrics;
  /** Called after every pass that ran (e.g. to sample other gauges). */
  afterPass?: () => void;
  debounceMs?: number;
  resyncMs?: number;
  /** Delay before a status refresh after readiness moved, in milliseconds. Default 250. */
  statusRefreshMs?: number;
}

/** The operator's passes: the runner, the pass it runs, and the status refreshes between passes. */
export interface PassLoop {
  /** Asks for a pass (after the debounce). */
  trigger(reason: string): void;
  /** Readiness moved: refresh Battery status soon from the latest pass, without a pass. */
  refreshStatus(): void;
  /** Stops the running pass from starting any new stage or object (leadership was lost). */
  abortCurrent(): void;
  /** Resolves with the outcome of the next pass that ends from now. */
  nextPass(): Promise<PassOutcome>;
  /** Triggers waiting for the next pass. */
  readonly pendingCount: number;
  /** Runs the first pass and starts the resync. */
  start(): void;
  /** Waits for the running pass; starts no other and no refresh. */
  stop(): Promise<void>;
}

/**
 * Wires `runPass` into a `PassRunner` (the one interpreter of outcomes, which logs and counts them): a pass runs
 * only while leading and once the cache has synced; each one leaves a report from which Battery status is
 * refreshed when only readiness changes.
 */
export function createPassLoop(options: PassLoopOptions): PassLoop {
  const { deps, cache, logger } = options;
  const isLeader = options.isLeader ?? (() => true);
  const state: {
    lastReport?: PassReport;
    currentPass?: AbortController;
    refreshTimer?: ReturnType<typeof setTimeout>;
    waiters: Array<(outcome: PassOutcome) => void>;
    isStopped: boolean;
  } = { waiters: [], isStopped: false };

  const refreshStatus = (): void => {
    if (state.refreshTimer || state.isStopped) return;
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = undefined;
      if (!state.lastReport || !isLeader()) return;
      void broadcastStatuses(deps, state.lastReport).catch((error) => {
        logger.warn({ err: String(error) }, 'status refresh failed; retrying');
        setTimeout(refreshStatus, 1000).unref();
      });
    }, options.statusRefreshMs ?? 250);
  };

  const passOnce = async (triggers: readonly string[]): Promise<PassOutcome> => {
    if (!cache.hasSynced()) return { kind: 'failed', reason: 'the cache has not synced yet' };
    // A follower reads and watches but never writes; the leader-elected trigger starts its first pass.
    if (!isLeader()) return { kind: 'done', skipped: 'not the leader' };
    // Losing the Lease mid-pass aborts it: no new stage or object starts once another replica may lead.
    state.currentPass = new AbortController();
    const { outcome, report } = await runPass(deps, triggers, state.currentPass.signal).finally(
      () => (state.currentPass = undefined),
    );
    state.lastReport = report;
    // Controllers may have reported readiness while the pass ran; look again with the new report.
    refreshStatus();
    await cache
      .watchKinds(kindsOf(report))
      .catch((error) => logger.warn({ err: String(error) }, 'watch kinds'));
    options.afterPass?.();
    return outcome;
  };

  const runner = new PassRunner(passOnce, {
    debounceMs: options.debounceMs,
    resyncMs: options.resyncMs,
    logger,
    metrics: options.metrics,
    onOutcome: (outcome) => {
      for (const resolve of state.waiters.splice(0)) resolve(outcome);
    },
  });

  return {
    trigger: (reason) => runner.trigger(reason),
    refreshStatus,
    abortCurrent: () => state.currentPass?.abort(),
    nextPass: () => new Promise((resolve) => state.waiters.push(resolve)),
    get pendingCount() {
      return runner.pendingCount;
    },
    start: () => runner.start(),
    async stop() {
      state.isStopped = true;
      clearTimeout(state.refreshTimer);
      await runner.stop();
    },
  };
}

/**
 * The kinds the pass generated for batteries and instances, so the cache watches them (CRDs from bundles add kinds
 * at run time; an instance may render a kind no battery does, such as a CloudNativePG `Cluster`).
 */
function kindsOf(report: PassReport): KindRef[] {
  return uniqueKinds(
    [...report.batteries, ...(report.instances ?? [])].flatMap(({ result }) =>
      result.status === 'generated' ? result.objects : [],
    ),
  );
}

/** One `KindRef` per apiVersion and kind among the objects the Kubernetes API serves (not Keycloak's). */
export function uniqueKinds(objects: readonly KubeObject[]): KindRef[] {
  const seen = new Map<string, KindRef>();
  for (const o of objects.filter(isKubernetesObject))
    seen.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...seen.values()];
}
