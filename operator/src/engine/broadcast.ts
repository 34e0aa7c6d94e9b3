import { canonicalJson, type KubeObject } from '@batteries-included/batteries';
import type { BatteryStatus } from '@batteries-included/crds';
import { batteryStatus } from './decide/battery-status.js';
import type { PassDependencies, PassReport } from './pass-dependencies.js';

/**
 * Writes each Battery's status from the latest pass and the current cache, with a Kubernetes Event for every
 * condition that changes, and publishes it on the bus. Called after every pass and, cheaply, when only readiness
 * changed (a Deployment became Available), so `Ready` follows the cluster without a pass. A status equal to the
 * one on the object is not written, so a no-op pass writes nothing.
 * @throws AggregateError of the status writes that failed (the others are out); the caller retries.
 */
export async function broadcastStatuses(
  deps: Pick<PassDependencies, 'cache' | 'cluster' | 'bus' | 'now'>,
  report: PassReport,
  batteryObjects = deps.cache.batteries(),
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
    if (sameStatus(object.status as BatteryStatus | undefined, status)) continue;
    try {
      await deps.cluster.patchBatteryStatus(object, status);
    } catch (error) {
      failures.push(error);
      continue;
    }
    await recordTransitions(deps, object, previous, status);
    deps.bus?.publish({ type: 'battery-status', battery: object.metadata.name, status, at: now });
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} Battery status write(s) failed`);
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
