import {
  BATTERY_LABEL,
  generate,
  type GenerateResult,
  type KubeObject,
  type Snapshot,
  type SnapshotBundle,
} from '@batteries-included/batteries';
import { countChanges, planChanges, type ChangeSet, type InventoryEntry } from './plan/index.js';
import { prepareSnapshot } from './prepare.js';

export interface PlanInput {
  /** Battery objects: the live ones, or proposed ones (a dry run, `bi diff -f`). */
  batteries: readonly KubeObject[];
  /** Live objects by canonical key (the informer cache, or a one-off list). */
  live: ReadonlyMap<string, KubeObject>;
  /** The last recorded inventory, which finds managed objects the cache lost. */
  inventory?: ReadonlyMap<string, InventoryEntry>;
  /** Batteries being deleted that dependents hold: they stay in the snapshot. */
  held?: ReadonlySet<string>;
  /**
   * Upstream bundles already obtained (the pass resolves them first). A battery whose bundle is missing fails
   * with `BundleUnavailable` and keeps what it already has in the cluster.
   */
  bundles?: Record<string, SnapshotBundle>;
}

export interface PlannedPass {
  snapshot: Snapshot;
  generated: GenerateResult;
  changeSet: ChangeSet;
}

/**
 * The front half of a pass — prepare → generate → plan — with no writes. The pass applies its result; the API's
 * dry-run preview and `bi diff` print it. One function, so a preview can never disagree with the pass.
 */
export function planPass({ batteries, live, inventory = new Map(), held, bundles }: PlanInput): PlannedPass {
  const { snapshot } = prepareSnapshot({ batteries, live, held, bundles });
  const generated = generate(snapshot);
  const changeSet = keepUnavailable(planChanges(generated.objects, live, inventory), generated, inventory);
  return { snapshot, generated, changeSet };
}

/**
 * A battery whose upstream bundle cannot be had right now (no network, a digest refused) generates nothing; its
 * objects must not be pruned for that — deleting its CRDs would delete every custom resource of their kinds. Its
 * removals are dropped from the plan until the bundle is back.
 */
function keepUnavailable(
  changeSet: ChangeSet,
  generated: GenerateResult,
  inventory: ReadonlyMap<string, InventoryEntry>,
): ChangeSet {
  const unavailable = new Set(
    generated.batteries
      .filter((b) => b.status === 'failed' && b.reason === 'BundleUnavailable')
      .map((b) => b.type),
  );
  if (unavailable.size === 0) return changeSet;
  const owner = (change: ChangeSet['changes'][number]) =>
    change.battery ?? inventory.get(change.key)?.battery ?? change.live?.metadata.labels?.[BATTERY_LABEL];
  const changes = changeSet.changes.filter(
    (c) => !((c.action === 'prune' || c.action === 'orphan') && unavailable.has(owner(c) ?? '')),
  );
  return { changes, counts: countChanges(changes) };
}
