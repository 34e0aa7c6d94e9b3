import { reverseDependents, type KubeObject } from '@batteries-included/batteries';

/** The finalizer that holds the deletion of a battery other installed batteries depend on. */
export const DEPENDENTS_FINALIZER = 'batteriesincl.com/dependents';

export interface DeletionPlan {
  /** Batteries to give the finalizer (new ones). */
  addFinalizer: KubeObject[];
  /** Deleting batteries nothing depends on any more: release them (their objects are pruned). */
  release: KubeObject[];
  /** Deleting batteries still depended on, with the dependents named: they keep running. */
  held: Array<{ battery: KubeObject; dependents: string[] }>;
}

/**
 * Decides, for every Battery object, whether its deletion may proceed. A battery that other installed batteries
 * depend on is held (its objects stay, and its status names the dependents) until they are gone; dependents that
 * are themselves being deleted do not hold it, so `kubectl delete` of a whole chain works in one step.
 */
export function planDeletions(batteries: readonly KubeObject[]): DeletionPlan {
  const deleting = (b: KubeObject) => Boolean(b.metadata.deletionTimestamp);
  const finalizers = (b: KubeObject) => b.metadata.finalizers ?? [];
  const staying = batteries.filter((b) => !deleting(b)).map((b) => b.metadata.name);
  const plan: DeletionPlan = { addFinalizer: [], release: [], held: [] };
  for (const battery of batteries) {
    if (!deleting(battery)) {
      if (!finalizers(battery).includes(DEPENDENTS_FINALIZER)) plan.addFinalizer.push(battery);
      continue;
    }
    if (!finalizers(battery).includes(DEPENDENTS_FINALIZER)) continue;
    const dependents = reverseDependents(battery.metadata.name, staying);
    if (dependents.length === 0) plan.release.push(battery);
    else plan.held.push({ battery, dependents });
  }
  return plan;
}
