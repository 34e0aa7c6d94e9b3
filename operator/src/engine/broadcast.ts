import { canonicalJson, instanceKey, type KubeObject } from '@batteries-included/batteries';
import type { BatteryStatus } from '@batteries-included/crds';
import { batteryStatus } from './decide/battery-status.js';
import { instanceStatus } from './decide/instance-status.js';
import type { PassDependencies, PassReport } from './pass-dependencies.js';

/**
 * Writes each Battery's (and instance's) status from the latest pass and the current cache, with a Kubernetes Event for every
 * condition that changes, and publishes it on the bus. Called after every pass and, cheaply, when only readiness
 * changed (a Deployment became Available), so `Ready` follows the cluster without a pass. A status equal to the
 * one on the object is not written, so a no-op pass writes nothing.
 * @throws AggregateError of the status writes that failed (the others are out); the caller retries.
 */
export async function broadcastStatuses(
  deps: Pick<PassDependencies, 'cache' | 'cluster' | 'bus' | 'now'>,
  report: PassReport,
  batteryObjects = deps.cache.batteries(),
  instanceObjects = deps.cache.instances?.() ?? [],
): Promise<void> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const live = deps.cache.live();
  const failures: unknown[] = [];
  for (const object of batteryObjects) {
    const battery = report.batteries.find((b) => b.result.type === object.metadata.name);
    if (!battery) continue;
    const previous = (object.status as BatteryStatus | undefined)?.conditions;
    const status = batteryStatus({
      battery,
      live,
      generation: report.generations.get(object.metadata.name),
      passId: report.passId,
      previous,
      heldBy: report.heldBy.get(object.metadata.name),
      now,
    });
    if (await writeStatus(deps, object, previous, status, failures))
      deps.bus?.publish({ type: 'battery-status', battery: object.metadata.name, status, at: now });
  }
  // Instances: the same conditions, plus connection information; written only when changed, like Batteries.
  const instances = new Map((report.instances ?? []).map((result) => [result.result.type, result]));
  for (const object of instanceObjects) {
    const key = instanceKey({
      kind: object.kind,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name,
    });
    const instance = instances.get(key);
    if (!instance) continue;
    const previous = (object.status as BatteryStatus | undefined)?.conditions;
    const status = instanceStatus({
      instance,
      live,
      generation: report.instanceGenerations?.get(key),
      passId: report.passId,
      previous,
      now,
    });
    await writeStatus(deps, object, previous, status, failures);
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} status write(s) failed`);
}

/** Writes a changed status and an Event per condition transition; false when unchanged or failed. */
async function writeStatus(
  deps: Pick<PassDependencies, 'cluster'>,
  object: KubeObject,
  previous: BatteryStatus['conditions'],
  status: BatteryStatus,
  failures: unknown[],
): Promise<boolean> {
  if (sameStatus(object.status as BatteryStatus | undefined, status)) return false;
  try {
    await deps.cluster.patchBatteryStatus(object, status);
  } catch (error) {
    failures.push(error);
    return false;
  }
  await recordTransitions(deps, object, previous, status);
  return true;
}

/** A Kubernetes Event on the Battery whenever one of its conditions changes status or reason. */
async function recordTransitions(
  deps: Pick<PassDependencies, 'cluster'>,
  battery: KubeObject,
  previous: BatteryStatus['conditions'],
  status: BatteryStatus,
): Promise<void> {
  for (const condition of status.conditions ?? []) {
    const before = previous?.find((c) => c.type === condition.type);
    if (before?.status === condition.status && before?.reason === condition.reason) continue;
    const type = condition.status === 'False' ? 'Warning' : 'Normal';
    await deps.cluster
      .createEvent(battery, {
        type,
        reason: condition.reason,
        message: `${condition.type}=${condition.status}: ${condition.message}`,
      })
      .catch(() => undefined);
  }
}

/** Skips no-op status writes: equal apart from timestamps that only move when a condition flips. */
function sameStatus(a: BatteryStatus | undefined, b: BatteryStatus): boolean {
  // lastSnapshot alone moving is not a change: it names the pass at which the status last changed, so a no-op
  // pass writes nothing at all.
  return (
    a !== undefined &&
    canonicalJson({ ...a, lastSnapshot: undefined }) === canonicalJson({ ...b, lastSnapshot: undefined })
  );
}
