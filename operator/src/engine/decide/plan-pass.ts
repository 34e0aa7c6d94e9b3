import {
  generate,
  type BatterySecretRequest,
  type KubeObject,
  type Snapshot,
  type SnapshotBundle,
} from '@batteries-included/batteries';
import type { Change, ChangeSet } from '../plan/change-set.js';
import type { PlanInventory } from '../plan/inventory.js';
import { planChanges } from '../plan/plan-changes.js';
import { failDuplicates, type Generation } from './generation-failures.js';
import { keepWithheld, withheldBatteries } from './keep-failed.js';
import { prepareSnapshot } from './prepare-snapshot.js';

export interface PlanInput {
  /** Battery objects: the live ones, or proposed ones (a dry run, `bi diff -f`). */
  batteries: readonly KubeObject[];
  /** Instance objects (PostgresCluster, RedisInstance, ...): the live ones, or proposed ones. Absent: none. */
  instances?: readonly KubeObject[];
  /** Live objects by canonical key (the informer cache, or a one-off list). */
  live: ReadonlyMap<string, KubeObject>;
  /** The last recorded inventory, which finds managed objects the cache lost. */
  inventory?: PlanInventory;
  /** Batteries being deleted that dependents hold: they stay in the snapshot. */
  held?: ReadonlySet<string>;
  /** Upstream bundles already obtained (the pass resolves them first); a battery whose bundle is missing fails. */
  bundles?: Record<string, SnapshotBundle>;
  /**
   * Mints secret material no live Secret holds: `mintRandom` in a pass, `PLACEHOLDER_MINT` in previews (which
   * never write what they generate).
   */
  mint: (request: BatterySecretRequest) => string;
}

export interface PlannedPass {
  snapshot: Snapshot;
  /** Generate's objects and per-battery results, with batteries that generated one ref twice failed. */
  generated: Generation;
  changeSet: ChangeSet;
  /** Objects of batteries that generated nothing this pass, kept as they are (see `keepWithheld`). */
  kept: Change[];
}

/**
 * The front half of a pass — prepare → generate → plan — with no writes. The pass applies its result; the API's
 * dry-run preview, rollback previews and `bi diff` print it. One function, so a preview can never disagree with
 * the pass. A battery or instance whose generation fails for any reason (or whose battery or dependencies are
 * missing) keeps every live object untouched: its removals are held out of the plan and returned as `kept`.
 */
export function planPass({
  batteries,
  live,
  inventory = new Map(),
  held,
  bundles,
  mint,
  instances,
}: PlanInput): PlannedPass {
  const { snapshot } = prepareSnapshot({ batteries, live, held, bundles, mint, instances });
  const generated = failDuplicates(generate(snapshot));
  const planned = planChanges(generated.objects, live, inventory);
  // The same rule for batteries and instances: whatever generated nothing keeps its objects.
  const withheld = withheldBatteries([...generated.batteries, ...generated.instances]);
  const { changeSet, kept } = keepWithheld(planned, withheld);
  return { snapshot, generated, changeSet, kept };
}
