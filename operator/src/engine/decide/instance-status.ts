import { objectKey, type KubeObject } from '@batteries-included/batteries';
import type { BatteryCondition, InstanceStatus } from '@batteries-included/crds';
import { batteryStatus } from './battery-status.js';
import type { InstancePassResult } from './summarize-pass.js';

export interface InstanceStatusInput {
  /** What the latest pass did for the instance (`summarizePass`'s `instances`). */
  instance: InstancePassResult;
  live: ReadonlyMap<string, KubeObject>;
  /** The instance object's generation the pass acted on. */
  generation?: number;
  passId?: number;
  previous?: readonly BatteryCondition[];
  /** RFC 3339 time to stamp on conditions that change. */
  now: string;
}

/**
 * An instance's status: the same conditions as a Battery's (`DependenciesMet` says whether the owning battery is
 * installed, naming the command that installs it), made not Ready by the problems the render reported (a missing
 * credential grant), plus its connection information. Pure.
 */
export function instanceStatus(input: InstanceStatusInput): InstanceStatus {
  const { instance } = input;
  const status: InstanceStatus = batteryStatus({ ...input, battery: instance });
  const result = instance.instance;
  if (result.status !== 'generated') return status;
  if (result.problems.length > 0) {
    const message = result.problems.map((problem) => problem.message).join('; ');
    const conditions = (status.conditions ?? []).map((condition) => {
      if (condition.type !== 'Ready') return condition;
      const isSame = condition.status === 'False' && condition.reason === result.problems[0]!.reason;
      const before = input.previous?.find((p) => p.type === 'Ready');
      return {
        ...condition,
        status: 'False' as const,
        reason: result.problems[0]!.reason,
        message,
        lastTransitionTime: isSame || before?.status === 'False' ? condition.lastTransitionTime : input.now,
      };
    });
    Object.assign(status, { conditions, message });
  }
  if (result.connection) status.connection = { ...result.connection };
  const instances = workloadInstances(result.objects, input.live);
  if (instances) status.instances = instances;
  return status;
}

/** Desired and ready pods of the instance's (first) Deployment or StatefulSet, from the live cache. */
function workloadInstances(
  objects: readonly KubeObject[],
  live: ReadonlyMap<string, KubeObject>,
): { desired: number; ready: number } | undefined {
  const workload = objects.find(
    (object) =>
      object.apiVersion === 'apps/v1' && (object.kind === 'Deployment' || object.kind === 'StatefulSet'),
  );
  if (!workload) return undefined;
  const current = live.get(objectKey(workload));
  const spec = (current?.spec ?? workload.spec) as { replicas?: number } | undefined;
  const status = current?.status as { readyReplicas?: number } | undefined;
  return { desired: spec?.replicas ?? 1, ready: status?.readyReplicas ?? 0 };
}
