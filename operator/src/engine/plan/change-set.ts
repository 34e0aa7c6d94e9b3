import type { KubeObject, ObjectRef } from '@batteries-included/batteries';
import { OBJECT_ACTIONS, type ObjectAction } from '../vocabulary.js';

/** One object's entry in a plan. A plain value: no methods, safe to serialize (it may hold Secret objects). */
export interface Change {
  ref: ObjectRef;
  /** The canonical ref string, `formatRef(ref)`: the key of the live and inventory maps. */
  key: string;
  action: ObjectAction;
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
  counts: Record<ObjectAction, number>;
}

/** Counts the changes by action; every action is present, zero when absent. */
export function countChanges(changes: readonly Change[]): Record<ObjectAction, number> {
  const counts = Object.fromEntries(OBJECT_ACTIONS.map((action) => [action, 0])) as Record<
    ObjectAction,
    number
  >;
  for (const change of changes) counts[change.action] += 1;
  return counts;
}
