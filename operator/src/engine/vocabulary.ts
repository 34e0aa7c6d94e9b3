// The one outcome vocabulary of a pass (ADR 7). Plan, apply, store, API, console and CLI all speak it; every other
// name for what happened to an object (a stored row's action, a count) is derived here from these sets. A leaf:
// it imports nothing, so the console can import its types without the rest of the operator.

/**
 * What a pass decides for one object (the plan). A closed set:
 * - `create`: desired, not live.
 * - `update`: desired and live, but the live hash annotation differs from the desired hash (or is missing).
 * - `unchanged`: hashes equal and every field we set is still there: no request is made.
 * - `drifted`: hashes equal, but the live object no longer carries some field we set (an out-of-band edit);
 *   apply confirms with a server-side dry-run before writing.
 * - `prune`: no longer desired; delete it.
 * - `orphan`: no longer desired, but kept for data safety (PersistentVolumeClaims, Namespaces); apply labels it
 *   with `batteriesincl.com/orphaned` instead of deleting it.
 * A target outside Kubernetes (Keycloak's realm and clients) is planned with the same actions.
 */
export type ObjectAction = 'create' | 'update' | 'unchanged' | 'drifted' | 'prune' | 'orphan';

/** Every action, in the order the plan summary prints them. */
export const OBJECT_ACTIONS: readonly ObjectAction[] = [
  'create',
  'update',
  'drifted',
  'prune',
  'orphan',
  'unchanged',
];

/** The actions that remove an object from the managed set (delete it, or let it go labelled). */
export function isRemoval(action: ObjectAction): action is 'prune' | 'orphan' {
  return action === 'prune' || action === 'orphan';
}

/**
 * How carrying out an object's action ended (apply):
 * - `done`: the action was carried out (written, deleted, or labelled orphaned).
 * - `unchanged`: no request was needed (planned `unchanged`, or suspected drift a dry-run showed to be server
 *   defaults).
 * - `failed`: attempted and refused or unreachable; the reason says whether retrying can help.
 * - `skipped`: not attempted; the reason says why.
 */
export type ObjectOutcome = 'done' | 'unchanged' | 'failed' | 'skipped';

/**
 * Why an object failed, typed so nothing searches messages:
 * - `invalid`: the API server refused the object as invalid (400, 422). Terminal: the same object is refused
 *   again, so the pass is not retried until something changes.
 * - `not-established`: a CustomResourceDefinition did not become Established in time. Transient.
 * - `error`: anything else (unreachable, throttled, 5xx, forbidden, a conflict after retries). Transient.
 */
export type FailureReason = 'invalid' | 'not-established' | 'error';

/**
 * Why an object was not attempted:
 * - `waiting-for-crd`: the API server does not serve its kind yet (its CRD comes from a bundle not yet obtained,
 *   or is not Established). Retried; it does not hold back prunes.
 * - `waiting-for-target`: it lives in another target (Keycloak) that cannot be used now (unreachable, its
 *   administrator refused, not configured), or it carries credentials an object of that target defines which did
 *   not land in this pass. Retried within seconds (`TARGET_RETRY_MS`); everything else proceeds.
 * - `superseded`: a newer pass (or the loss of leadership) stopped this one first.
 * - `held-back`: a removal held back because applies failed in this pass.
 */
export type SkipReason = 'waiting-for-crd' | 'waiting-for-target' | 'superseded' | 'held-back';

/** How soon a pass with objects waiting for another target runs again, at most: seconds, not the backoff cap. */
export const TARGET_RETRY_MS = 3_000;

/** What every apply result says about its object. */
export interface ApplyResultBase {
  key: string;
  action: ObjectAction;
  battery?: string;
  /** Wall time spent on this object, including retries. */
  durationMs: number;
  /** The API's message for failures; why for skips and false drift. Never contains field values. */
  message?: string;
}

/**
 * What happened to one object in a pass: its planned action and how carrying it out ended (the vocabulary's
 * `ObjectOutcome`), with a typed reason whenever it failed or was not attempted.
 */
export type ApplyResult = ApplyResultBase &
  (
    | { outcome: 'done' | 'unchanged' }
    | { outcome: 'failed'; reason: FailureReason }
    | { outcome: 'skipped'; reason: SkipReason }
  );

/** Failure reasons a retry cannot fix: the pass waits for the next change instead. */
export const TERMINAL_FAILURES: ReadonlySet<FailureReason> = new Set<FailureReason>(['invalid']);

/** What one object's result says in the pass record: the action carried out, `unchanged`, or `failed`. */
export type ResultAction = ObjectAction | 'failed';

/** What a `pass_objects` row says: every result action but `unchanged` (unchanged objects get no row). */
export type RecordedAction = Exclude<ResultAction, 'unchanged'>;
export const RECORDED_ACTIONS: readonly RecordedAction[] = [
  'create',
  'update',
  'drifted',
  'prune',
  'orphan',
  'failed',
];

/** The result action of an object's action and outcome: `failed` for any failure, `unchanged` when nothing was needed. */
export function resultActionOf(
  action: ObjectAction,
  outcome: Exclude<ObjectOutcome, 'skipped'>,
): ResultAction {
  if (outcome === 'failed') return 'failed';
  return outcome === 'unchanged' ? 'unchanged' : action;
}

/** The count each result action adds to, in the past tense (how `passes.counts` is stored and shown). */
export const COUNT_OF = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  drifted: 'drifted',
  prune: 'pruned',
  orphan: 'orphaned',
  failed: 'failed',
} as const satisfies Record<ResultAction, string>;

/** Objects per result action in one pass. */
export type PassCounts = Record<(typeof COUNT_OF)[ResultAction], number>;

/** The counts of these results; every count is present, zero when absent. */
export function countResults(results: ReadonlyArray<{ action: ResultAction }>): PassCounts {
  const counts = Object.fromEntries(Object.values(COUNT_OF).map((name) => [name, 0])) as PassCounts;
  for (const result of results) counts[COUNT_OF[result.action]] += 1;
  return counts;
}

/**
 * How a pass ended, as recorded: `succeeded` — every battery generated and every object it attempted landed;
 * `partial` — some objects failed or some batteries failed to generate, and the rest went through; `failed` —
 * nothing went through; `superseded` — a newer pass took over midway.
 */
export type PassStatus = 'succeeded' | 'failed' | 'partial' | 'superseded';
export const PASS_STATUSES: readonly PassStatus[] = ['succeeded', 'failed', 'partial', 'superseded'];

/** Objects by action and outcome in one pass, for the `bi_objects_total` metric. */
export type ObjectTally = ReadonlyArray<{ action: ObjectAction; outcome: ObjectOutcome; count: number }>;

/**
 * How a pass ended for the runner, the one place that turns it into backoff, logs and metrics:
 * - `done`: nothing more to do until something changes. With `skipped`, no pass ran and none is owed (this
 *   replica is not the leader).
 * - `retry`: something transient failed (objects, a CRD, an upstream bundle, the store): run again after a
 *   backoff.
 * - `terminal`: something failed that a retry cannot fix (an invalid spec, a generator error, an object the API
 *   server refuses as invalid): not retried; the next change (or the resync) runs the next pass.
 * - `failed`: the pass could not run (e.g. the cache has not synced); retried with backoff.
 */
export type PassOutcome =
  | { kind: 'done'; passId?: number; skipped?: string; objects?: ObjectTally }
  | {
      kind: 'retry';
      reason: string;
      passId?: number;
      objects?: ObjectTally;
      /** Run again after at most this long, whatever the backoff has grown to (objects wait for a target). */
      withinMs?: number;
    }
  | { kind: 'terminal'; reason: string; passId?: number; objects?: ObjectTally }
  | { kind: 'failed'; reason: string };
