import { objectKey, type KubeObject } from '@batteries-included/batteries';
import type { BatteryCondition, BatteryConditionType, BatteryStatus } from '@batteries-included/crds';
import { readinessOf } from './readiness.js';
import type { BatteryPassResult } from './summarize-pass.js';

export interface BatteryStatusInput {
  /** What the latest pass did for the battery (`summarizePass`'s `batteries`). */
  battery: BatteryPassResult;
  /** The current live objects (cache), for readiness. */
  live: ReadonlyMap<string, KubeObject>;
  /** The Battery object's generation the pass acted on. */
  generation?: number;
  passId?: number;
  /** The conditions currently on the object: a condition keeps its lastTransitionTime while its status holds. */
  previous?: readonly BatteryCondition[];
  /** Installed batteries holding this one's deletion (it is being deleted but they depend on it). */
  heldBy?: readonly string[];
  /** RFC 3339 time to stamp on conditions that change. */
  now: string;
}

/**
 * A Battery's status from the latest pass and the live cache: `DependenciesMet`, `Applied` and `Ready`
 * conditions with reasons a person can act on, and resource counts. Pure: the caller passes the time.
 */
export function batteryStatus(input: BatteryStatusInput): BatteryStatus {
  const { battery, live } = input;
  const { result } = battery;
  const conditions: Array<Omit<BatteryCondition, 'lastTransitionTime'>> = [];
  const set = (type: BatteryConditionType, isTrue: boolean, reason: string, message: string) =>
    conditions.push({
      type,
      status: isTrue ? 'True' : 'False',
      reason,
      message,
      observedGeneration: input.generation,
    });

  let message: string;
  let desired = 0;
  let appliedCount = 0;
  let failed = 0;
  if (result.status === 'dependencies-unmet') {
    set('DependenciesMet', false, 'MissingDependencies', result.message);
    set('Applied', false, 'DependenciesNotMet', 'nothing generated until the dependencies are installed');
    set('Ready', false, 'DependenciesNotMet', result.message);
    message = result.message;
  } else if (result.status === 'failed') {
    set('DependenciesMet', true, 'AllInstalled', 'every dependency is installed');
    // Nothing of the battery was pruned or updated: say so, so nobody fears for the data while fixing the spec.
    const untouched =
      battery.kept > 0 ? `; its ${battery.kept} objects in the cluster are kept as they are` : '';
    set('Applied', false, result.reason, `${result.message}${untouched}`);
    set('Ready', false, result.reason, result.message);
    message = `${result.message}${untouched}`;
  } else {
    set('DependenciesMet', true, 'AllInstalled', 'every dependency is installed');
    desired = battery.desired;
    failed = battery.failed;
    appliedCount = battery.applied;
    if (failed > 0) {
      set(
        'Applied',
        false,
        'ApplyFailed',
        `${failed} of ${desired} objects failed; first: ${battery.firstFailure}`,
      );
    } else if (battery.waitingForCrd) {
      set(
        'Applied',
        false,
        'WaitingForCRD',
        `${battery.notApplied} objects not applied yet; ${battery.waitingForCrd}`,
      );
    } else if (battery.notApplied > 0) {
      set(
        'Applied',
        false,
        'Superseded',
        `${battery.notApplied} objects were not applied yet; a newer pass will`,
      );
    } else {
      set('Applied', true, 'Applied', `${desired} objects applied`);
    }
    const waiting = result.objects
      .map((object) => {
        const key = objectKey(object);
        const current = live.get(key);
        if (!current) return `${key}: not in the cluster yet`;
        const readiness = readinessOf(current);
        return readiness.isReady ? undefined : `${key}: ${readiness.reason}`;
      })
      .filter((line): line is string => line !== undefined);
    if (failed > 0) set('Ready', false, 'ApplyFailed', 'some objects failed to apply');
    else if (waiting.length > 0)
      set(
        'Ready',
        false,
        'NotReady',
        `${waiting.length} of ${desired} not ready; ${waiting.slice(0, 3).join('; ')}`,
      );
    else set('Ready', true, 'Ready', `all ${desired} objects ready`);
    message = conditions.find((c) => c.type === 'Ready')!.message;
  }
  if (input.heldBy?.length) {
    const list = input.heldBy.join(', ');
    message = `deletion held: ${list} ${input.heldBy.length === 1 ? 'depends' : 'depend'} on it; uninstall ${list} first, or delete them together`;
    const ready = conditions.find((c) => c.type === 'Ready')!;
    Object.assign(ready, { status: 'False', reason: 'DeletionHeld', message });
  }

  return {
    observedGeneration: input.generation,
    conditions: conditions.map((c) => {
      const before = input.previous?.find((p) => p.type === c.type);
      return {
        ...c,
        lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : input.now,
      };
    }),
    lastSnapshot: input.passId !== undefined ? String(input.passId) : undefined,
    resources: { desired, applied: appliedCount, failed },
    message,
  };
}
