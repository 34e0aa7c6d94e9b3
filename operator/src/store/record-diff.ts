import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  hashObject,
  objectKey,
  type KubeObject,
  type Snapshot,
} from '@batteries-included/batteries';
import type { ManifestEntry, ObjectResult, SnapshotDocument } from './types.js';

/** A PassRecord that contradicts itself (a prune carrying an object, a ref listed twice, …). */
export class PassRecordError extends Error {
  override readonly name = 'PassRecordError';
}

/**
 * Checks what the rest of the store relies on, and fills in the hash of desired objects that came
 * without one. Refs are unique; `create`, `update`, `unchanged` and `drifted` carry their desired object,
 * `prune` and `orphan` never do (`failed` may); an object's ref is its `objectKey`. Throws a
 * PassRecordError naming the ref.
 */
export function normalizeObjects(objects: readonly ObjectResult[]): ObjectResult[] {
  const seen = new Set<string>();
  return objects.map((result) => {
    if (seen.has(result.ref)) throw new PassRecordError(`${result.ref}: listed twice in one pass`);
    seen.add(result.ref);
    const isRemoval = result.action === 'prune' || result.action === 'orphan';
    if (isRemoval && result.object)
      throw new PassRecordError(`${result.ref}: a ${result.action} carries no desired object`);
    if (!isRemoval && result.action !== 'failed' && !result.object) {
      throw new PassRecordError(`${result.ref}: a ${result.action} result needs its desired object`);
    }
    if (!result.object) return result;
    if (objectKey(result.object) !== result.ref) {
      throw new PassRecordError(`${result.ref}: the object's own ref is ${objectKey(result.object)}`);
    }
    return result.hash === undefined ? { ...result, hash: recordedHashOf(result.object) } : result;
  });
}

/**
 * The managed set after the pass as `[ref, hash]`, sorted by ref: the desired objects, and the objects kept
 * untouched because their battery generated nothing (with the hash they carry). Equal manifests mean nothing was
 * added, removed or changed. Takes normalized results (desired ones have hashes).
 */
export function manifestOf(
  objects: readonly ObjectResult[],
  kept: readonly ManifestEntry[] = [],
): ManifestEntry[] {
  return [
    ...objects
      .filter((result) => result.object !== undefined)
      .map((result): ManifestEntry => [result.ref, result.hash ?? recordedHashOf(result.object!)]),
    ...kept,
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The part of a snapshot that is kept: battery specs and which live objects were read. Never secret material. */
export function snapshotDocumentOf(snapshot: Snapshot): SnapshotDocument {
  return { batteries: snapshot.batteries, live: Object.keys(snapshot.live).sort() };
}

/** The inventory columns the store compares, for the refs a pass touched. */
export interface InventoryState {
  hash: string;
  battery: string;
  apiVersion: string;
}

/** An inventory row to write (insert or replace). */
export interface InventoryWrite extends InventoryState {
  ref: string;
  object: KubeObject;
  kind: string;
  namespace?: string;
  name: string;
}

export interface InventoryDiff {
  writes: InventoryWrite[];
  deletes: string[];
}

/**
 * What a pass changes in the inventory, and nothing more, so an unchanged platform writes no rows:
 * - created, updated, unchanged and drifted objects are written when absent or different;
 * - pruned and orphaned objects are removed (an orphan is kept in the cluster, no longer managed);
 * - a failed desired object is added when absent (it may exist in part; a later pass can prune it)
 *   and otherwise kept as last applied; a failed prune is kept (the object is still there).
 * Objects the pass did not list (a superseded pass stops early) are left as they are.
 */
export function diffInventory(
  current: ReadonlyMap<string, InventoryState>,
  objects: readonly ObjectResult[],
): InventoryDiff {
  const diff: InventoryDiff = { writes: [], deletes: [] };
  for (const result of objects) {
    const existing = current.get(result.ref);
    if (result.action === 'prune' || result.action === 'orphan') {
      if (existing) diff.deletes.push(result.ref);
      continue;
    }
    if (!result.object || (result.action === 'failed' && existing)) continue;
    const hash = result.hash ?? recordedHashOf(result.object);
    // Compared before building the row: on an unchanged platform nearly every object is the same.
    const isSame =
      existing !== undefined &&
      existing.hash === hash &&
      existing.battery === (result.object.metadata.labels?.[BATTERY_LABEL] ?? '') &&
      existing.apiVersion === result.object.apiVersion;
    if (!isSame) diff.writes.push(inventoryWrite(result.ref, hash, result.object));
  }
  return diff;
}

function inventoryWrite(ref: string, hash: string, object: KubeObject): InventoryWrite {
  const write: InventoryWrite = {
    ref,
    hash,
    object,
    battery: object.metadata.labels?.[BATTERY_LABEL] ?? '',
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
  };
  if (object.metadata.namespace) write.namespace = object.metadata.namespace;
  return write;
}

/** One Battery spec change to append to `battery_history`; `specHash` undefined records a deletion. */
export interface BatteryChange {
  battery: string;
  specHash?: string;
}

/**
 * The batteries whose spec differs from the newest recorded one (or that are new), and those recorded
 * as present that the snapshot no longer has (deleted), sorted by battery.
 */
export function diffBatteries(
  latest: ReadonlyMap<string, string | undefined>,
  specHashes: ReadonlyMap<string, string>,
): BatteryChange[] {
  const changes: BatteryChange[] = [];
  for (const [battery, specHash] of specHashes) {
    if (latest.get(battery) !== specHash) changes.push({ battery, specHash });
  }
  for (const [battery, specHash] of latest) {
    if (specHash !== undefined && !specHashes.has(battery)) changes.push({ battery });
  }
  return changes.sort((a, b) => (a.battery < b.battery ? -1 : a.battery > b.battery ? 1 : 0));
}

/**
 * The hash a desired object is recorded with: the `batteriesincl.com/hash` Generate stamped on it (keyed for
 * Secrets, so the store learns nothing about their values), or its plain content hash when it carries none.
 */
function recordedHashOf(object: KubeObject): string {
  return object.metadata.annotations?.[HASH_ANNOTATION] ?? hashObject(object);
}
