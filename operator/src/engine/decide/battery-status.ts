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

/** A condition before its transition time is stamped. */
type Condition = Omit<BatteryCondition, 'lastTransitionTime' | 'observedGeneration'>;

const condition = (
  type: BatteryConditionType,
  isTrue: boolean,
  reason: string,
  message: string,
): Condition => ({
  type,
  status: isTrue ? 'True' : 'False',
  reason,
  message,
});
const DEPENDENCIES_MET = condition('DependenciesMet', true, 'AllInstalled', 'every dependency is installed');

/**
 * A Battery's status from the latest pass and the live cache: `DependenciesMet`, `Applied` and `Ready`
 * conditions with reasons a person can act on, and resource counts. Pure: the caller passes the time.
 */
export function batteryStatus(input: BatteryStatusInput): BatteryStatus {
  const { battery } = input;
  const conditions = conditionsOf(battery, input.live);
  let message = conditions.find((c) => c.type === 'Ready')!.message;
  if (battery.result.status !== 'generated') message = conditions.find((c) => c.type === 'Applied')!.message;
  if (battery.result.status === 'dependencies-unmet') message = battery.result.message;
  if (input.heldBy?.length) {
    const list = input.heldBy.join(', ');
    message = `deletion held: ${list} ${input.heldBy.length === 1 ? 'depends' : 'depend'} on it; uninstall ${list} first, or delete them together`;
    const ready = conditions.find((c) => c.type === 'Ready')!;
    Object.assign(ready, { status: 'False', reason: 'DeletionHeld', message });
  }
  const isGenerated = battery.result.status === 'generated';
  return {
    observedGeneration: input.generation,
    conditions: conditions.map((c) => {
      const before = input.previous?.find((p) => p.type === c.type);
      return {
        ...c,
        observedGeneration: input.generation,
        lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : input.now,
      };
    }),
    lastSnapshot: input.passId !== undefined ? String(input.passId) : undefined,
    resources: isGenerated
      ? { desired: battery.desired, applied: battery.applied, failed: battery.failed }
      : { desired: 0, applied: 0, failed: 0 },
    message,
  };
}

/** The three conditions, in the order they are shown. */
function conditionsOf(battery: BatteryPassResult, live: ReadonlyMap<string, KubeObject>): Condition[] {
  const { result } = battery;
  if (result.status === 'dependencies-unmet') {
    return [
      condition('DependenciesMet', false, 'MissingDependencies', result.message),
      condition(
        'Applied',
        false,
        'DependenciesNotMet',
        'nothing generated until the dependencies are installed',
      ),
      condition('Ready', false, 'DependenciesNotMet', result.message),
    ];
  }
  if (result.status === 'failed') {
    // Nothing of the battery was pruned or updated: say so, so nobody fears for the data while fixing the spec.
    const untouched =
      battery.kept > 0 ? `; its ${battery.kept} objects in the cluster are kept as they are` : '';
    return [
      DEPENDENCIES_MET,
      condition('Applied', false, result.reason, `${result.message}${untouched}`),
      condition('Ready', false, result.reason, result.message),
    ];
  }
  return [DEPENDENCIES_MET, appliedCondition(battery), readyCondition(battery, result.objects, live)];
}

function appliedCondition(battery: BatteryPassResult): Condition {
  const { desired, failed, notApplied } = battery;
  if (failed > 0)
    return condition(
      'Applied',
      false,
      'ApplyFailed',
      `${failed} of ${desired} objects failed; first: ${battery.firstFailure}`,
    );
  if (battery.waitingForCrd)
    return condition(
      'Applied',
      false,
      'WaitingForCRD',
      `${notApplied} objects not applied yet; ${battery.waitingForCrd}`,
    );
  if (notApplied > 0)
    return condition(
      'Applied',
      false,
      'Superseded',
      `${notApplied} objects were not applied yet; a newer pass will`,
    );
  return condition('Applied', true, 'Applied', `${desired} objects applied`);
}

/** Ready when nothing failed and every generated object is in the cluster and ready; else names the first three. */
function readyCondition(
  battery: BatteryPassResult,
  objects: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject>,
): Condition {
  if (battery.failed > 0) return condition('Ready', false, 'ApplyFailed', 'some objects failed to apply');
  const waiting = objects
    .map((object) => {
      const key = objectKey(object);
      const current = live.get(key);
      if (!current) return `${key}: not in the cluster yet`;
      const readiness = readinessOf(current);
      return readiness.isReady ? undefined : `${key}: ${readiness.reason}`;
    })
    .filter((line): line is string => line !== undefined);
  if (waiting.length > 0) {
    const message = `${waiting.length} of ${battery.desired} not ready; ${waiting.slice(0, 3).join('; ')}`;
    return condition('Ready', false, 'NotReady', message);
  }
  return condition('Ready', true, 'Ready', `all ${battery.desired} objects ready`);
}
