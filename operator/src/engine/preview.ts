import { generate, type GenerateResult, type KubeObject, type Snapshot } from '@batteries-included/batteries';
import { planChanges, type ChangeSet, type InventoryEntry } from './plan/index.js';
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
export function planPass({ batteries, live, inventory = new Map(), held }: PlanInput): PlannedPass {
  const { snapshot } = prepareSnapshot({ batteries, live, held });
  const generated = generate(snapshot);
  const changeSet = planChanges(generated.objects, live, inventory);
  return { snapshot, generated, changeSet };
}
