import { objectKey, type KubeObject } from '@batteries-included/batteries';
import type { Change, ChangeSet } from '../plan/change-set.js';
import type { PlanInventory } from '../plan/inventory.js';
import {
  countResults,
  type ApplyResult,
  isRemoval,
  resultActionOf,
  TARGET_RETRY_MS,
  TERMINAL_FAILURES,
  type ObjectTally,
  type PassCounts,
  type PassOutcome,
  type PassStatus,
  type ResultAction,
} from '../vocabulary.js';
import {
  TRANSIENT_GENERATION_FAILURES,
  type GenerationResult,
  type InstanceGenerationResult,
} from './generation-failures.js';
import { ownersOf } from './keep-failed.js';

/** One object's row in the pass record. */
export interface ObjectResult {
  /** The canonical ref string (`formatRef`), e.g. `StatefulSet.apps/battery-data/redis`. */
  ref: string;
  action: ResultAction;
  /**
   * The object's content hash. Default for a desired object: `hashObject(object)`. For one no longer
   * desired: the last applied hash, when known.
   */
  hash?: string;
  /**
   * The desired object. Absent exactly when the object is no longer desired (a prune, an orphan, or a
   * failed prune). Stored redacted (Secret values become digests).
   */
  object?: KubeObject;
  /** Wall time the apply (or prune) took, in milliseconds. */
  durationMs?: number;
  /** The API server's message for a failure, or a note; scrubbed of known secret values. */
  message?: string;
}

/** Everything a pass knows once it has applied: what Generate said, the plan, and what apply did. */
export interface PassFacts {
  generated: readonly GenerationResult[];
  /** What Generate said about each instance; absent: none. */
  instances?: readonly InstanceGenerationResult[];
  changeSet: ChangeSet;
  /** Objects of batteries that generated nothing, held out of the plan (`PlannedPass.kept`). */
  kept: readonly Change[];
  applied: readonly ApplyResult[];
  /** The inventory the pass planned against; undefined when the store could not be read. */
  inventory: PlanInventory | undefined;
  /** A newer pass (or the loss of leadership) stopped this one midway. */
  isSuperseded: boolean;
}

/** What one pass did for one battery: `batteryStatus`'s input besides the live cache. */
export interface BatteryPassResult {
  result: GenerationResult;
  /** Objects planned for it. */
  desired: number;
  /** Of those, written or already as desired. */
  applied: number;
  failed: number;
  /** The first failure's message (or ref). */
  firstFailure?: string;
  /** Objects (not removals) not attempted: waiting for their CRD or superseded. */
  notApplied: number;
  /** The message of the first object that waits for its CustomResourceDefinition. */
  waitingForCrd?: string;
  /** Live objects kept untouched because the battery generated nothing. */
  kept: number;
}

/** What one pass did for one instance: its status input (the same counts as a battery's), and its result. */
export interface InstancePassResult extends BatteryPassResult {
  instance: InstanceGenerationResult;
}

/** The pass summarized: what is recorded, what status reads, and how the runner goes on. */
export interface PassResult {
  status: PassStatus;
  /** The record's object rows: every object the pass reached, `unchanged` ones included. */
  objects: ObjectResult[];
  counts: PassCounts;
  /** `[ref, hash]` of the kept objects: they stay in the manifest, unchanged. */
  kept: Array<readonly [ref: string, hash: string]>;
  batteries: BatteryPassResult[];
  /** What the pass did for each instance, sorted by `Kind/namespace/name`. */
  instances: InstancePassResult[];
  /** Every object landed (nothing failed or skipped): held deletions may be released. */
  isComplete: boolean;
  /** The runner's outcome, as if the record succeeds (see `recordedOutcome`). */
  outcome: PassOutcome;
}

/** The message on a creation recorded late, by the pass after the one that made the object. */
export const UNRECORDED_CREATE =
  'found in the cluster with this hash but in no recorded pass: created by a pass that ended before it was recorded';

/**
 * The one classification of a pass: its status, record rows and counts, each battery's status input, and the
 * runner's outcome. Pure.
 * - status: `superseded` when stopped midway; else `succeeded` when no object failed and every battery generated
 *   (a missing dependency is not a failure); else `failed` when every object attempted failed (or there was none),
 *   else `partial`.
 * - outcome: `retry` when something transient failed (objects, CRDs that did not become Established, objects
 *   waiting for their CRD, unavailable bundles); else `terminal` when something failed that only a change can fix
 *   (an object refused as invalid, a spec or generator that fails); else `done`.
 */
export function summarizePass(facts: PassFacts): PassResult {
  const { applied } = facts;
  const instances = facts.instances ?? [];
  // Instances are classified exactly like batteries: a failed one fails only itself, and makes the pass terminal.
  const generated: readonly GenerationResult[] = [...facts.generated, ...instances];
  const objects = objectResults(facts.changeSet.changes, applied, facts.inventory);
  const failedObjects = applied.filter((r) => r.outcome === 'failed').length;
  const failedGenerations = generated.filter((r) => r.status === 'failed').length;
  return {
    status: passStatusOf(facts, failedObjects + failedGenerations),
    objects,
    counts: countResults(objects),
    kept: facts.kept.flatMap((change) => (change.liveHash ? [[change.key, change.liveHash] as const] : [])),
    batteries: facts.generated.map((result) => batteryPassResult(result, applied, facts.kept)),
    instances: instances.map((instance) => ({
      ...batteryPassResult(instance, applied, facts.kept),
      instance,
    })),
    isComplete: !applied.some((r) => r.outcome === 'failed' || r.outcome === 'skipped'),
    outcome: outcomeOf(applied, generated),
  };
}

function passStatusOf(facts: Pick<PassFacts, 'isSuperseded' | 'applied'>, failures: number): PassStatus {
  if (facts.isSuperseded) return 'superseded';
  if (failures === 0) return 'succeeded';
  return facts.applied.every((r) => r.outcome === 'failed') ? 'failed' : 'partial';
}

/**
 * The outcome once the record was attempted: with the recorded pass's id; or, when the store could not take the
 * record, a retry (the record waits in memory with `backlog` others) unless a retry was already due.
 */
export function recordedOutcome(
  outcome: PassOutcome,
  recorded: { id: number } | undefined,
  backlog: number,
): PassOutcome {
  if (outcome.kind === 'failed') return outcome;
  if (recorded) return { ...outcome, passId: recorded.id };
  if (outcome.kind === 'retry') return outcome;
  return {
    kind: 'retry',
    reason: `the store is unavailable; ${backlog} pass(es) await recording`,
    ...(outcome.objects ? { objects: outcome.objects } : {}),
  };
}

function outcomeOf(applied: readonly ApplyResult[], generated: readonly GenerationResult[]): PassOutcome {
  const objects = tally(applied);
  let transientFailures = 0;
  let refused = 0;
  let waiting = 0;
  let waitingForTarget = 0;
  let firstTargetWait: string | undefined;
  for (const r of applied) {
    if (r.outcome === 'failed') {
      if (TERMINAL_FAILURES.has(r.reason)) refused += 1;
      else transientFailures += 1;
    } else if (r.outcome === 'skipped' && r.reason === 'waiting-for-crd') waiting += 1;
    else if (r.outcome === 'skipped' && r.reason === 'waiting-for-target') {
      waitingForTarget += 1;
      firstTargetWait ??= r.message ?? r.key;
    }
  }
  const failures = generated.flatMap((r) => (r.status === 'failed' ? [r] : []));
  const unavailable = failures.filter((r) => TRANSIENT_GENERATION_FAILURES.has(r.reason));
  const transient = [
    transientFailures > 0 ? `${transientFailures} object(s) failed` : '',
    waiting > 0 ? `${waiting} object(s) wait for their CRD` : '',
    unavailable.length > 0 ? `bundles unavailable for ${unavailable.map((r) => r.type).join(', ')}` : '',
    waitingForTarget > 0 ? `${waitingForTarget} object(s) wait for Keycloak (${firstTargetWait})` : '',
  ].filter(Boolean);
  if (transient.length > 0)
    return {
      kind: 'retry',
      reason: transient.join('; '),
      objects,
      ...(waitingForTarget > 0 ? { withinMs: TARGET_RETRY_MS } : {}),
    };
  const terminalGenerations = failures.filter((r) => !TRANSIENT_GENERATION_FAILURES.has(r.reason));
  const terminal = [
    refused > 0 ? `${refused} object(s) refused as invalid` : '',
    terminalGenerations.length > 0
      ? `generation failed: ${terminalGenerations.map((r) => `${r.type} (${r.reason})`).join(', ')}`
      : '',
  ].filter(Boolean);
  if (terminal.length > 0) return { kind: 'terminal', reason: terminal.join('; '), objects };
  return { kind: 'done', objects };
}

function tally(applied: readonly ApplyResult[]): ObjectTally {
  const counts = new Map<
    string,
    { action: ApplyResult['action']; outcome: ApplyResult['outcome']; count: number }
  >();
  for (const r of applied) {
    const key = `${r.action}/${r.outcome}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { action: r.action, outcome: r.outcome, count: 1 });
  }
  return [...counts.values()];
}

/** What one battery's objects did, for its status. */
export function batteryPassResult(
  result: GenerationResult,
  applied: readonly ApplyResult[],
  kept: readonly Change[] = [],
): BatteryPassResult {
  const keys = new Set(result.status === 'generated' ? result.objects.map((o) => objectKey(o)) : []);
  const own = applied.filter((r) => keys.has(r.key));
  const failures = own.filter((r) => r.outcome === 'failed');
  const notApplied = own.filter((r) => r.outcome === 'skipped' && !isRemoval(r.action));
  const waitingForCrd = own.find((r) => r.outcome === 'skipped' && r.reason === 'waiting-for-crd');
  const summary: BatteryPassResult = {
    result,
    desired: keys.size,
    applied: own.filter((r) => r.outcome === 'done' || r.outcome === 'unchanged').length,
    failed: failures.length,
    notApplied: notApplied.length,
    kept: kept.filter((change) => ownersOf(change).includes(result.type)).length,
  };
  if (failures[0]) summary.firstFailure = failures[0].message ?? failures[0].key;
  if (waitingForCrd) summary.waitingForCrd = waitingForCrd.message ?? waitingForCrd.key;
  return summary;
}

/**
 * Each object's row. An object found live with our hash but absent from the recorded inventory was created by a
 * pass that ended before it was recorded (the operator was killed): it is recorded as created now, so history
 * never lacks an object's creation. When the inventory could not be read, nothing is inferred. Objects the pass
 * never reached (skipped) are left out.
 */
function objectResults(
  changes: readonly Change[],
  applied: readonly ApplyResult[],
  inventory: PlanInventory | undefined,
): ObjectResult[] {
  const byKey = new Map(changes.map((c) => [c.key, c]));
  const rows: ObjectResult[] = [];
  for (const r of applied) {
    if (r.outcome === 'skipped') continue;
    const change = byKey.get(r.key)!;
    const isUnrecorded = r.outcome === 'unchanged' && inventory !== undefined && !inventory.has(r.key);
    const row: ObjectResult = {
      ref: r.key,
      action: isUnrecorded ? 'create' : resultActionOf(change.action, r.outcome),
      hash: change.hash ?? change.liveHash,
      object: change.desired,
      durationMs: Math.round(r.durationMs),
      message: isUnrecorded ? UNRECORDED_CREATE : r.message,
    };
    rows.push(row);
  }
  return rows;
}
