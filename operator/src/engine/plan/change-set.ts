import type { KubeObject, ObjectRef } from '@batteries-included/batteries';

/**
 * What a pass will do to one object. A closed set:
 * - `create`: desired, not live.
 * - `update`: desired and live, but the live hash annotation differs from the desired hash (or is missing).
 * - `unchanged`: hashes equal and every field we set is still there: no request is made.
 * - `drifted`: hashes equal, but the live object no longer carries some field we set (an out-of-band edit);
 *   apply confirms with a server-side dry-run before writing.
 * - `prune`: no longer desired; delete it.
 * - `orphan`: no longer desired, but kept for data safety (PersistentVolumeClaims, Namespaces); apply labels it
 *   with `batteriesincl.com/orphaned` instead of deleting it.
 */
export type ChangeAction = 'create' | 'update' | 'unchanged' | 'drifted' | 'prune' | 'orphan';

/** Every action, in the order the plan summary prints them. */
export const CHANGE_ACTIONS: readonly ChangeAction[] = [
  'create',
  'update',
  'drifted',
  'prune',
  'orphan',
  'unchanged',
];

/** One object's entry in a plan. A plain value: no methods, safe to serialize (it may hold Secret objects). */
export interface Change {
  ref: ObjectRef;
  /** The canonical ref string, `formatRef(ref)`: the key of the live and inventory maps. */
  key: string;
  action: ChangeAction;
  /** The battery the object belongs to, from the desired object's, the inventory's or the live object's label. */
  battery?: string;
  /** The desired hash (`batteriesincl.com/hash` of the desired object); absent for prune and orphan. */
  hash?: string;
  /** The hash on the live object, or the previous inventory's when the object is not in the live cache. */
  liveHash?: string;
  desired?: KubeObject;
  live?: KubeObject;
  /** For `drifted`: the paths of the fields we set that the live object no longer carries with our value. */
  driftPaths?: string[];
  /** A short human reason shown in the plan table; never contains field values. */
  note?: string;
}

/** The plan of one pass: `changes` in the order apply must follow, and how many of each action. */
export interface ChangeSet {
  /** Applies (create, update, drifted, unchanged) in apply order, then removals (prune, orphan) in reverse. */
  changes: Change[];
  counts: Record<ChangeAction, number>;
}

/** Counts the changes by action; every action is present, zero when absent. */
export function countChanges(changes: readonly Change[]): Record<ChangeAction, number> {
  const counts: Record<ChangeAction, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    drifted: 0,
    prune: 0,
    orphan: 0,
  };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}
