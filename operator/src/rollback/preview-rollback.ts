import type { KubeObject } from '@batteries-included/batteries';
import type { Store } from '../store/store.js';
import type { PassSummary } from '../store/types.js';
import type { RollbackProblem } from './errors.js';
import { recordedObjects, regeneratedObjects, type RollbackObjects } from './object-effect.js';
import { planRollback, type BatteryRollback } from './plan-rollback.js';
import { loadRestorablePass } from './restorable-pass.js';

/** The cluster as it is now, as the operator's cache holds it. */
export interface CurrentState {
  /** The Battery objects that exist now. */
  batteries: readonly KubeObject[];
  /**
   * Every live object, Secrets included, by `objectKey`: lets the preview regenerate the restored specs exactly as
   * the next pass will (secret material is read back from the live Secrets in memory and never leaves). Without
   * it, the object-level effect is the recorded pass's manifest against the inventory, by ref and hash.
   */
  live?: ReadonlyMap<string, KubeObject>;
  /** The instance objects that exist now: a rollback leaves them as they are, so the preview renders them too. */
  instances?: readonly KubeObject[];
}

export interface RollbackOptions {
  /** Roll back only these batteries; the others keep their current spec. @default every battery, then or now */
  batteries?: readonly string[];
  /** Uninstall the batteries that depend on one the rollback uninstalls, instead of refusing. @default false */
  cascade?: boolean;
  /** The operator's retention (`BI_KEEP_PASSES`), named when the pass was reaped. @default 1000 */
  keepPasses?: number;
}

/** What restoring a recorded pass would do, battery by battery and object by object. A plain value. */
export interface RollbackPreview {
  /** The pass restored. */
  pass: Pick<PassSummary, 'id' | 'startedAt' | 'status' | 'trigger'>;
  /** One entry per battery in scope installed then or now, sorted by type. */
  batteries: BatteryRollback[];
  /** Why restoring would be refused as it stands (restore throws RollbackRefusedError with these). */
  problems: RollbackProblem[];
  objects: RollbackObjects;
}

/**
 * Previews restoring the Battery specs of pass `passId` against `current`: per battery `restore-spec` (with the
 * field-level diff), `install`, `uninstall` or `unchanged`, and what the operator's next pass would then create,
 * update and prune, by ref. Reads the store; writes nothing.
 * @throws RollbackPassNotFoundError when the pass was never recorded or was reaped
 * @example formatRollbackPreview(await previewRollback(store, 12, { batteries: cache.batteries(), live: cache.live() }))
 */
export async function previewRollback(
  store: Store,
  passId: number,
  current: CurrentState,
  { batteries, cascade = false, keepPasses }: RollbackOptions = {},
): Promise<RollbackPreview> {
  const recorded = await loadRestorablePass(store, passId, keepPasses === undefined ? {} : { keepPasses });
  const plan = planRollback({ recorded: recorded.specs, current: current.batteries, batteries, cascade });
  const isWhole = batteries === undefined && recorded.pass.status !== 'superseded';
  const objects = current.live
    ? regeneratedObjects({
        target: plan.target,
        live: current.live,
        ...(current.instances ? { instances: current.instances } : {}),
        inventory: await store.getInventory(),
        ...(isWhole ? { recordedManifest: recorded.manifest } : {}),
      })
    : await recordedObjects(
        store,
        recorded,
        // Cascaded uninstalls reach beyond the batteries asked for: the plan's entries are the scope.
        batteries && new Set(plan.batteries.map((battery) => battery.type)),
      );
  const { id, startedAt, status, trigger } = recorded.pass;
  return {
    pass: { id, startedAt, status, trigger },
    batteries: plan.batteries,
    problems: plan.problems,
    objects,
  };
}
