import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  formatRef,
  hashObject,
  refOf,
  type KubeObject,
} from '@batteries-included/batteries';
import { countChanges, type Change, type ChangeSet } from './change-set.js';
import { isDataObject, isOrphaned, isPlatformManaged } from './data-safety.js';
import { findDrift } from './drift.js';
import type { DriftMemo } from './drift-memo.js';
import { DuplicateObjectError } from './errors.js';
import { batteryOfEntry, refOfEntry, type InventoryRef, type PlanInventory } from './inventory.js';
import { compareForPrune, stageIndexOf } from './kind-order.js';

export interface PlanOptions {
  /**
   * Delete PersistentVolumeClaims and Namespaces that are no longer desired — including ones orphaned by
   * earlier passes — instead of orphaning them. Only ever set on an explicit request.
   * @default false
   */
  pruneDataObjects?: boolean;
  /** Reuses drift answers for live objects unchanged since an earlier plan (the operator's passes). */
  driftMemo?: DriftMemo;
}

/**
 * The change set of one pass: what to create, update, re-apply after drift, leave alone, prune or orphan.
 * Pure, and deterministic for any iteration order of the maps.
 *
 * - Desired objects: `create` when not live; `update` when the live hash annotation differs from the desired
 *   hash (or the live object carries the orphaned label from an earlier pass, so the re-apply removes it);
 *   otherwise `drifted` when `findDrift` finds fields we set that were changed out of band, else `unchanged`.
 * - Objects no longer desired: those in the inventory, and live objects that are platform-managed by their
 *   own labels (`isPlatformManaged`: managed-by label, hash annotation, no owner) even when the inventory
 *   lost them, are pruned — except PersistentVolumeClaims and Namespaces, which are orphaned unless
 *   `pruneDataObjects`. An object already carrying the orphaned label is not planned again: the pass that
 *   labelled it reported it, and later passes leave it out, so it is neither re-reported nor re-labelled.
 * - Order: create/update/drifted/unchanged by `compareForApply`, then prune/orphan in the exact reverse.
 *
 * @param desired the generated objects; each carries the hash annotation (computed here if missing)
 * @param live the live objects from the watch cache, by canonical ref string (`objectKey`)
 * @param inventory the previous pass's objects, by canonical ref string
 * @throws DuplicateObjectError when two desired objects share a ref
 * @example formatPlan(planChanges(generated.objects, liveByKey, previousInventory))
 */
export function planChanges(
  desired: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject>,
  inventory: PlanInventory,
  { pruneDataObjects = false, driftMemo }: PlanOptions = {},
): ChangeSet {
  const driftOf = driftMemo
    ? (object: KubeObject, hash: string, current: KubeObject) => driftMemo.driftOf(object, hash, current)
    : (object: KubeObject, _hash: string, current: KubeObject) => findDrift(object, current);
  const applies: Change[] = [];
  const desiredKeys = new Set<string>();
  for (const object of desired) {
    const change = planDesired(object, live, driftOf);
    if (desiredKeys.has(change.key)) throw new DuplicateObjectError(change.key);
    desiredKeys.add(change.key);
    applies.push(change);
  }

  // Found by the inventory, or by the object's own labels when the inventory was lost.
  const gone = new Set<string>();
  for (const key of inventory.keys()) if (!desiredKeys.has(key)) gone.add(key);
  for (const [key, object] of live) if (!desiredKeys.has(key) && isPlatformManaged(object)) gone.add(key);
  const removals: Change[] = [];
  for (const key of gone) {
    const change = planRemoval(key, live.get(key), inventory.get(key), pruneDataObjects);
    if (change) removals.push(change);
  }

  sortForApply(applies);
  removals.sort((a, b) => compareForPrune(a.ref, b.ref));
  const changes = [...applies, ...removals];
  return { changes, counts: countChanges(changes) };
}

/**
 * Sorts desired changes as `compareForApply` orders their refs, with each change's stage and ref string (its
 * `key`) computed once rather than in every comparison: thousands of objects make hundreds of thousands of them.
 */
function sortForApply(applies: Change[]): void {
  const stages = new Map(applies.map((change) => [change, stageIndexOf(change.ref)]));
  applies.sort((a, b) => stages.get(a)! - stages.get(b)! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type DriftOf = (desired: KubeObject, hash: string, live: KubeObject) => readonly string[];

function planDesired(desired: KubeObject, live: ReadonlyMap<string, KubeObject>, driftOf: DriftOf): Change {
  const ref = refOf(desired);
  const key = formatRef(ref);
  const hash = desired.metadata.annotations?.[HASH_ANNOTATION] ?? hashObject(desired);
  const current = live.get(key);
  // One object per change, built once its action is known: a pass plans thousands of them.
  const change: Change = { ref, key, action: 'create', hash, desired };
  const battery = desired.metadata.labels?.[BATTERY_LABEL];
  if (battery !== undefined) change.battery = battery;
  if (!current) return change;

  change.live = current;
  const liveHash = current.metadata.annotations?.[HASH_ANNOTATION];
  if (liveHash === undefined) {
    change.action = 'update';
    change.note = 'adopt: no hash on live object';
    return change;
  }
  change.liveHash = liveHash;
  if (liveHash !== hash) {
    change.action = 'update';
    return change;
  }
  // The hash annotation survives our orphaned label, so a re-desired orphan is written to take the label off.
  if (isOrphaned(current)) {
    change.action = 'update';
    change.note = 'adopt: was orphaned';
    return change;
  }
  const driftPaths = driftOf(desired, hash, current);
  if (driftPaths.length > 0) {
    change.action = 'drifted';
    change.driftPaths = [...driftPaths];
    return change;
  }
  change.action = 'unchanged';
  return change;
}

function planRemoval(
  key: string,
  current: KubeObject | undefined,
  entry: InventoryRef | undefined,
  pruneDataObjects: boolean,
): Change | undefined {
  // The inventory's ref first: list responses from the API may omit apiVersion and kind on their items.
  const ref = entry ? refOfEntry(entry) : refOf(current!);
  const change: Change = { ref, key, action: 'prune' };
  const battery = batteryOfEntry(entry) ?? current?.metadata.labels?.[BATTERY_LABEL];
  if (battery !== undefined) change.battery = battery;
  const liveHash = current ? current.metadata.annotations?.[HASH_ANNOTATION] : entry?.hash;
  if (liveHash !== undefined) change.liveHash = liveHash;
  if (current) change.live = current;

  const notes: string[] = [];
  if (isDataObject(ref) && !pruneDataObjects) {
    if (current && isOrphaned(current)) return undefined;
    notes.push('kept for data safety');
    change.action = 'orphan';
  } else if (current && isOrphaned(current)) {
    notes.push('was orphaned');
  }
  if (!entry) notes.push('not in inventory');
  if (!current) notes.push('not in live cache');
  if (notes.length > 0) change.note = notes.join('; ');
  return change;
}
