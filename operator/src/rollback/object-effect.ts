import {
  API_GROUP,
  API_VERSION,
  BATTERY_LABEL,
  HASH_ANNOTATION,
  objectKey,
  refOf,
  type KubeObject,
  type ObjectRef,
} from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { planPass } from '../engine/decide/plan-pass.js';
import { PLACEHOLDER_MINT } from '../engine/decide/prepare-snapshot.js';
import {
  compareForApply,
  compareForPrune,
  countChanges,
  isDataObject,
  refOfEntry,
  type Change,
  type ChangeSet,
} from '../engine/plan/index.js';
import type { Store } from '../store/store.js';
import type { InventoryEntry, ManifestEntry } from '../store/types.js';
import type { RestorablePass } from './restorable-pass.js';

/** A battery whose restored spec would generate nothing: invalid today, unknown to the catalog, or missing a dependency. */
export interface GenerationProblem {
  battery: string;
  message: string;
}

/**
 * What restoring does to the managed objects, by ref only: the plan carries refs, batteries, actions, drift paths
 * and notes, never an object, a hash or a value, so it is safe to show and to serialize (Secrets included).
 */
export interface RollbackObjects {
  /**
   * `regenerated`: the restored specs run through `generate()` against the live objects (secret material read back
   * from the live Secrets, in memory only) and planned like a pass. `recorded-manifest`: without the live objects,
   * the recorded pass's manifest against the store's inventory, by ref and hash — what the pass applied then, which
   * is what restoring applies unless the catalog or the live inputs (volume sizes, addresses) changed since.
   */
  basis: 'regenerated' | 'recorded-manifest';
  plan: ChangeSet;
  /** `regenerated` only: batteries whose restored spec generates nothing. */
  problems: GenerationProblem[];
  /**
   * `regenerated`, whole-platform rollbacks of passes that finished: refs whose regenerated object is not the one
   * the pass applied (new secret material, a changed catalog, changed live inputs). Empty: restoring reproduces it.
   */
  differsFromRecorded?: string[];
  /** Caveats about the comparison itself. */
  warnings: string[];
}

export interface RegeneratedObjectsInput {
  /** The Battery specs once restored, by type (`RollbackPlan.target`). */
  target: Readonly<Record<string, unknown>>;
  /** The instance objects as they are now: a rollback restores Battery specs only and leaves instances alone. */
  instances?: readonly KubeObject[];
  /** Every live object the operator's cache holds, Secrets included, by `objectKey`. */
  live: ReadonlyMap<string, KubeObject>;
  /** The store's inventory (`Store.getInventory()`). */
  inventory: readonly InventoryEntry[];
  /** The recorded pass's manifest, to report `differsFromRecorded`; leave out for a partial rollback. */
  recordedManifest?: readonly ManifestEntry[];
}

/**
 * The object-level effect of restoring, computed by the operator's own `planPass` over the restored specs, the
 * live objects and the inventory — so a restored spec that fails to generate keeps its objects here as it will in
 * the pass. Secret material no live Secret holds (a battery the rollback installs) is filled with a fixed
 * placeholder here: the operator mints real values when it installs it, and the objects made from it are created
 * either way.
 */
export function regeneratedObjects({
  target,
  instances,
  live,
  inventory,
  recordedManifest,
}: RegeneratedObjectsInput): RollbackObjects {
  const batteries = Object.entries(target).map(([type, spec]): KubeObject => ({
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind: crdKind(type),
    metadata: { name: type },
    spec,
  }));
  const { generated, changeSet } = planPass({
    batteries,
    ...(instances ? { instances } : {}),
    live,
    inventory: new Map(inventory.map((entry) => [entry.ref, entry])),
    mint: PLACEHOLDER_MINT,
  });
  const result: RollbackObjects = {
    basis: 'regenerated',
    plan: withoutValues(changeSet),
    problems: generated.batteries.flatMap((battery) =>
      battery.status === 'generated' ? [] : [{ battery: battery.type, message: battery.message }],
    ),
    warnings: [],
  };
  if (recordedManifest) {
    const regenerated = new Map(
      generated.objects.map((object) => [objectKey(object), object.metadata.annotations?.[HASH_ANNOTATION]]),
    );
    const recorded = new Map(recordedManifest);
    const refs = new Set([...regenerated.keys(), ...recorded.keys()]);
    result.differsFromRecorded = [...refs].filter((ref) => regenerated.get(ref) !== recorded.get(ref)).sort();
  }
  return result;
}

/**
 * The object-level effect from the record alone: the pass's manifest against the store's inventory, by ref and
 * hash (create: in the manifest only; update: hashes differ; prune or orphan: in the inventory only). `scope`
 * limits it to some batteries; a manifest-only ref's battery is read from its newest stored document.
 */
export async function recordedObjects(
  store: Store,
  recorded: RestorablePass,
  scope?: ReadonlySet<string>,
): Promise<RollbackObjects> {
  const inventory = new Map((await store.getInventory()).map((entry) => [entry.ref, entry]));
  const applies: Change[] = [];
  for (const [key, hash] of recorded.manifest) {
    const entry = inventory.get(key);
    const { ref, battery } = entry
      ? { ref: refOfEntry(entry), battery: entry.battery }
      : await storedRef(store, key, recorded.pass.id);
    const action = !entry ? 'create' : entry.hash === hash ? 'unchanged' : 'update';
    applies.push(withBattery({ ref, key, action }, battery));
  }
  const desired = new Set(recorded.manifest.map(([key]) => key));
  const removals = [...inventory.values()]
    .filter((entry) => !desired.has(entry.ref))
    .map((entry) => {
      const ref = refOfEntry(entry);
      const change = withBattery(
        { ref, key: entry.ref, action: isDataObject(ref) ? 'orphan' : 'prune' },
        entry.battery,
      );
      if (change.action === 'orphan') change.note = 'kept for data safety';
      return change;
    });
  const inScope = (change: Change) => !scope || (change.battery !== undefined && scope.has(change.battery));
  applies.sort((a, b) => compareForApply(a.ref, b.ref));
  removals.sort((a, b) => compareForPrune(a.ref, b.ref));
  const changes = [...applies, ...removals].filter(inScope);
  const warnings =
    recorded.pass.status === 'superseded'
      ? [
          `pass ${recorded.pass.id} was superseded midway: its manifest is partial, so some prunes listed may not happen`,
        ]
      : [];
  return {
    basis: 'recorded-manifest',
    plan: { changes, counts: countChanges(changes) },
    problems: [],
    warnings,
  };
}

/** A change set reduced to what may be shown: no desired or live object, no hash. */
function withoutValues(changeSet: ChangeSet): ChangeSet {
  const changes = changeSet.changes.map((change) => {
    const kept: Change = { ref: change.ref, key: change.key, action: change.action };
    if (change.battery !== undefined) kept.battery = change.battery;
    if (change.driftPaths !== undefined) kept.driftPaths = change.driftPaths;
    if (change.note !== undefined) kept.note = change.note;
    return kept;
  });
  return { changes, counts: changeSet.counts };
}

function withBattery(change: Change, battery: string | undefined): Change {
  if (battery) change.battery = battery;
  return change;
}

/**
 * The ref and battery of an object that is in the recorded manifest but no longer in the inventory, from its
 * newest document recorded at or before the pass (a Secret's document is redacted; only its labels are read).
 */
async function storedRef(
  store: Store,
  key: string,
  passId: number,
): Promise<{ ref: ObjectRef; battery?: string }> {
  const version = (await store.documentHistory(key)).find((v) => v.passId <= passId && v.documentHash);
  const document = version?.documentHash ? await store.getDocument(version.documentHash) : undefined;
  if (document) {
    const object = document.body as KubeObject;
    return { ref: refOf(object), battery: object.metadata.labels?.[BATTERY_LABEL] };
  }
  return { ref: refFromKey(key) };
}

/** `Kind.group/namespace/name` back into a ref; the version is not part of the key and stays empty. */
function refFromKey(key: string): ObjectRef {
  const [kindGroup = '', ...rest] = key.split('/');
  const dot = kindGroup.indexOf('.');
  const ref: ObjectRef = {
    group: dot < 0 ? '' : kindGroup.slice(dot + 1),
    version: '',
    kind: dot < 0 ? kindGroup : kindGroup.slice(0, dot),
    name: rest[rest.length - 1] ?? '',
  };
  if (rest.length === 2) ref.namespace = rest[0];
  return ref;
}
