import {
  canonicalJson,
  ORPHANED_LABEL,
  WAITS_FOR_ANNOTATION,
  type KubeObject,
} from '@batteries-included/batteries';
import { KubeApiError } from '../../kube/errors.js';
import type { Change, ChangeSet } from '../plan/change-set.js';
import { APPLY_STAGES, stageIndexOf, stageOf } from '../plan/kind-order.js';
import { readinessOf } from '../decide/readiness.js';
import { isRemoval, type ApplyResult, type SkipReason } from '../vocabulary.js';
import type { ApplyPort } from './apply-port.js';
import { mapWithConcurrency } from './pool.js';
import { withRetry } from './retry.js';
import { TargetUnavailableError } from './target-unavailable.js';

export interface ApplyChangeSetOptions {
  /** Objects written at once within a stage. Default 16. */
  concurrency?: number;
  /** How long to wait for new CRDs to be Established before their custom resources. Default 60 s. */
  crdTimeoutMs?: number;
  /** Aborted when a newer pass supersedes this one: no new stage or object starts. */
  signal?: AbortSignal;
  /** Attempts per object for transient API failures. Default 4. */
  attempts?: number;
}

/**
 * Carries out a plan: applies stage by stage in the kind order (waiting for new CRDs to be Established after
 * the first stage), at most `concurrency` objects at a time within a stage; a failed object does not stop the
 * others. Then, only if every apply succeeded, prunes and orphans in reverse order. Unchanged objects cost no
 * request; suspected drift is confirmed with a server-side dry-run first, so server defaults never cause writes.
 */
export async function applyChangeSet(
  changeSet: ChangeSet,
  port: ApplyPort,
  { concurrency = 16, crdTimeoutMs = 60_000, signal, attempts = 4 }: ApplyChangeSetOptions = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  const applies = changeSet.changes.filter((c) => !isRemoval(c.action));
  const removals = changeSet.changes.filter((c) => isRemoval(c.action));
  const retry = { attempts, signal };

  const appliesByStage = byStage(applies);
  for (let stage = 0; stage < APPLY_STAGES.length; stage++) {
    const inStage = appliesByStage[stage] ?? [];
    if (inStage.length === 0) continue;
    if (signal?.aborted) {
      results.push(...inStage.map((c) => skipped(c, 'superseded')));
      continue;
    }
    // Nothing to write in this stage (every stage of a no-op pass): no request, no wait, no task per object.
    if (inStage.every((c) => c.action === 'unchanged')) {
      results.push(...inStage.map(unchanged));
      continue;
    }
    const landed = new Map(results.map((r) => [r.key, r]));
    const stageResults = await mapWithConcurrency(
      inStage,
      concurrency,
      async (c) => waitingForCredentials(c, landed) ?? timed(c, () => applyOne(c, port, retry)),
      signal,
    );
    results.push(...stageResults.map((r, i) => r ?? skipped(inStage[i]!, 'superseded')));
    const newCrds = inStage.filter(
      (c, i) => c.ref.kind === 'CustomResourceDefinition' && stageResults[i]?.outcome === 'done',
    );
    for (const failure of await waitForEstablished(newCrds, port, crdTimeoutMs, signal)) {
      const index = results.findIndex((r) => r.key === failure.key);
      results[index] = failure;
    }
  }

  const applyFailures = results.filter((r) => r.outcome === 'failed').length;
  const ordered = [...removals]; // the plan already orders removals in reverse apply order
  if (signal?.aborted) return [...results, ...ordered.map((c) => skipped(c, 'superseded'))];
  if (applyFailures > 0) {
    const why = `held back: ${applyFailures} apply failure(s) in this pass`;
    return [...results, ...ordered.map((c) => skipped(c, 'held-back', why))];
  }
  // Removals run one stage at a time in reverse, so dependents go before what they depend on.
  const removalsByStage = byStage(ordered);
  for (let stage = APPLY_STAGES.length - 1; stage >= 0; stage--) {
    const inStage = removalsByStage[stage] ?? [];
    if (inStage.length === 0) continue;
    const stageResults = await mapWithConcurrency(
      inStage,
      concurrency,
      (c) => timed(c, () => removeOne(c, port, retry)),
      signal,
    );
    results.push(...stageResults.map((r, i) => r ?? skipped(inStage[i]!, 'superseded')));
  }
  return results;
}

/** The changes of each stage, by stage index, in their order in `changes`. */
function byStage(changes: readonly Change[]): Change[][] {
  const stages: Change[][] = [];
  for (const change of changes) (stages[stageIndexOf(change.ref)] ??= []).push(change);
  return stages;
}

function unchanged(change: Change): ApplyResult {
  return {
    key: change.key,
    action: change.action,
    battery: change.battery,
    outcome: 'unchanged',
    durationMs: 0,
  };
}

/**
 * An object carrying credentials another target's object defines (`WAITS_FOR_ANNOTATION`: a client secret) is
 * written only once that object landed earlier in this pass, so it never holds a secret Keycloak does not know.
 * Unchanged objects need nothing. Undefined when the object may go ahead.
 */
function waitingForCredentials(
  change: Change,
  landed: ReadonlyMap<string, ApplyResult>,
): ApplyResult | undefined {
  const needs = change.desired?.metadata.annotations?.[WAITS_FOR_ANNOTATION];
  if (needs === undefined || change.action === 'unchanged') return undefined;
  const result = landed.get(needs);
  if (result?.outcome === 'done' || result?.outcome === 'unchanged') return undefined;
  const why = result?.message ?? (result ? result.outcome : 'not generated in this pass');
  return skipped(change, 'waiting-for-target', `${change.key}: waits for ${needs}: ${why}`);
}

/** How carrying out one object's action ended, before it is timed and named; failures are thrown. */
type Outcome = { outcome: 'done' | 'unchanged'; message?: string };

async function applyOne(
  change: Change,
  port: ApplyPort,
  retry: { attempts: number; signal?: AbortSignal },
): Promise<Outcome> {
  const desired = change.desired!;
  switch (change.action) {
    case 'unchanged':
      return { outcome: 'unchanged' };
    case 'drifted': {
      // Our fields look different in the cache; ask the server what applying would change before writing.
      const wouldBe = await withRetry(() => port.apply(desired, { dryRun: true }), retry);
      if (change.live && sameState(wouldBe, change.live)) {
        return {
          outcome: 'unchanged',
          message: `not drift: the server normalizes ${change.driftPaths?.join(', ') ?? 'these fields'}`,
        };
      }
      await withRetry(() => port.apply(desired), retry);
      return {
        outcome: 'done',
        message: `reverted out-of-band change to ${change.driftPaths?.join(', ') ?? 'fields we own'}`,
      };
    }
    default: {
      await withRetry(() => port.apply(desired), retry);
      // The orphaned label was set under another field manager, so applying does not remove it: do it here.
      if (change.live?.metadata.labels?.[ORPHANED_LABEL]) {
        await withRetry(() => port.setLabels(desired, { [ORPHANED_LABEL]: null }), retry);
        return { outcome: 'done', message: 'adopted again: orphaned label removed' };
      }
      return { outcome: 'done' };
    }
  }
}

async function removeOne(
  change: Change,
  port: ApplyPort,
  retry: { attempts: number; signal?: AbortSignal },
): Promise<Outcome> {
  const live = change.live;
  if (change.action === 'orphan') {
    if (!live) return { outcome: 'done', message: 'already gone' };
    if (live.metadata.labels?.[ORPHANED_LABEL] === 'true')
      return { outcome: 'done', message: 'already labelled orphaned' };
    await withRetry(() => port.setLabels(live, { [ORPHANED_LABEL]: 'true' }), retry);
    return {
      outcome: 'done',
      message: 'kept for data safety and labelled orphaned; delete it explicitly if unwanted',
    };
  }
  const target = live ?? inventoryStub(change);
  await withRetry(() => port.delete(target, { uid: live?.metadata.uid }), retry);
  return { outcome: 'done' };
}

async function waitForEstablished(
  crds: readonly Change[],
  port: ApplyPort,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ApplyResult[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...crds];
  while (pending.length > 0 && Date.now() < deadline && !signal?.aborted) {
    const still: Change[] = [];
    for (const crd of pending) {
      const live = await port.get(crd.desired!).catch(() => undefined);
      if (!live || !readinessOf(live).isReady) still.push(crd);
    }
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 100));
  }
  return pending.map((crd) => ({
    key: crd.key,
    action: crd.action,
    battery: crd.battery,
    outcome: 'failed' as const,
    reason: 'not-established' as const,
    durationMs: timeoutMs,
    message: `${crd.key}: not Established after ${timeoutMs / 1000} s`,
  }));
}

async function timed(change: Change, work: () => Promise<Outcome>): Promise<ApplyResult> {
  const started = performance.now();
  const base = { key: change.key, action: change.action, battery: change.battery };
  try {
    const outcome = await work();
    return { ...base, ...outcome, durationMs: performance.now() - started };
  } catch (error) {
    const durationMs = performance.now() - started;
    if (error instanceof TargetUnavailableError) {
      const message = `${change.key}: waiting for ${error.message}`;
      return { ...base, outcome: 'skipped', reason: 'waiting-for-target', message, durationMs };
    }
    if (isKindNotServed(change, error)) {
      const message = `${change.key}: waiting for its CustomResourceDefinition: ${(error as KubeApiError).apiMessage}`;
      return { ...base, outcome: 'skipped', reason: 'waiting-for-crd', message, durationMs };
    }
    const message = error instanceof KubeApiError ? error.message : `${change.key}: ${String(error)}`;
    const reason = isRefused(error) ? 'invalid' : 'error';
    return { ...base, outcome: 'failed', reason, message, durationMs };
  }
}

/** A custom resource the API server does not serve (yet): discovery has no such kind. */
function isKindNotServed(change: Change, error: unknown): boolean {
  return (
    error instanceof KubeApiError &&
    error.status === 404 &&
    stageOf(change.ref).unlistedKinds === true &&
    change.action !== 'prune' &&
    /does not serve|Unrecognized API version and kind|could not find the requested resource/.test(
      error.apiMessage,
    )
  );
}

/** The API server refused the object itself (its schema, a webhook, a CEL rule): the same object is refused again. */
function isRefused(error: unknown): boolean {
  return error instanceof KubeApiError && (error.status === 422 || error.status === 400);
}

function skipped(
  change: Change,
  reason: SkipReason,
  message = reason === 'superseded' ? 'superseded by a newer pass' : undefined,
): ApplyResult {
  return {
    key: change.key,
    action: change.action,
    battery: change.battery,
    outcome: 'skipped',
    reason,
    ...(message === undefined ? {} : { message }),
    durationMs: 0,
  };
}

/** An object reference good enough to delete by, when the cache no longer holds the object. */
function inventoryStub(change: Change): KubeObject {
  const apiVersion = change.ref.group ? `${change.ref.group}/${change.ref.version}` : change.ref.version;
  return {
    apiVersion,
    kind: change.ref.kind,
    metadata: { name: change.ref.name, namespace: change.ref.namespace },
  };
}

const VOLATILE_METADATA = ['resourceVersion', 'managedFields', 'generation', 'creationTimestamp', 'uid'];

/** Equal apart from what the server changes on every write: would applying leave the object as it is? */
function sameState(a: KubeObject, b: KubeObject): boolean {
  const view = (o: KubeObject) => {
    const { status: _status, metadata, ...rest } = o;
    const meta: Record<string, unknown> = { ...metadata };
    for (const field of VOLATILE_METADATA) delete meta[field];
    return canonicalJson({ ...rest, metadata: meta });
  };
  return view(a) === view(b);
}
