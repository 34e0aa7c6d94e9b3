import {
  canonicalJson,
  instanceKey,
  instanceKeyOf,
  sha256Hex,
  type KubeObject,
  type Snapshot,
  type SnapshotBundle,
} from '@batteries-included/batteries';
import type { PassRecord, RecordedPass } from '../store/types.js';
import { specChangeInfo } from './spec-change-info.js';
import type { PassResult } from './decide/summarize-pass.js';
import type { PassDependencies } from './pass-dependencies.js';

export interface PassRecordInput {
  startedAt: Date;
  finishedAt: Date;
  triggers: readonly string[];
  snapshot: Snapshot;
  result: PassResult;
  /** The Battery objects the pass read, for who changed each spec and when. */
  batteryObjects: readonly KubeObject[];
  /** The instance objects the pass read, likewise (their history is keyed `Kind/namespace/name`). */
  instanceObjects?: readonly KubeObject[];
}

/** The pass as the store records it: status, rows and kept objects from `summarizePass`, inputs by hash. */
export function passRecordOf({
  startedAt,
  finishedAt,
  triggers,
  snapshot,
  result,
  batteryObjects,
  instanceObjects = [],
}: PassRecordInput): PassRecord {
  const recordedInstances = new Set((snapshot.instances ?? []).map(instanceKey));
  return {
    startedAt,
    finishedAt,
    trigger: triggers.join(','),
    status: result.status,
    inputsHash: inputsHashOf(snapshot),
    snapshot: recordedSnapshot(snapshot),
    objects: result.objects,
    ...(result.kept.length > 0 ? { kept: result.kept } : {}),
    // Who changed each spec and when, for battery_history (the store keeps it only when a spec changed).
    batteries: Object.fromEntries([
      ...batteryObjects
        .filter((battery) => Object.hasOwn(snapshot.batteries, battery.metadata.name))
        .map((battery) => [battery.metadata.name, specChangeInfo(battery)]),
      ...instanceObjects
        .map((object) => [instanceKeyOf(object), object] as const)
        .filter(([key]) => recordedInstances.has(key))
        .map(([key, object]) => [key, specChangeInfo(object)]),
    ]),
  };
}

/**
 * The hash over a pass's inputs: the Battery specs, which live objects Prepare read, and the bundles by digest.
 * The live refs (thousands) are digested once and reused while they stay the same from pass to pass.
 */
export function inputsHashOf(snapshot: Snapshot): string {
  return sha256Hex(
    canonicalJson({
      batteries: snapshot.batteries,
      live: liveRefsDigest(Object.keys(snapshot.live)),
      ...(snapshot.instances ? { instances: snapshot.instances } : {}),
      ...(snapshot.ingress ? { ingress: snapshot.ingress } : {}),
      ...(snapshot.bundles ? { bundles: recordedBundles(snapshot.bundles) } : {}),
    }),
  );
}

// The last live refs digested, and their digest: one entry, shared by the process's passes.
let lastLiveRefs: { refs: readonly string[]; digest: string } | undefined;

function liveRefsDigest(refs: readonly string[]): string {
  const last = lastLiveRefs;
  if (last && last.refs.length === refs.length && last.refs.every((ref, index) => ref === refs[index])) {
    return last.digest;
  }
  const digest = sha256Hex(refs.join('\n'));
  lastLiveRefs = { refs, digest };
  return digest;
}

/**
 * Records the pass, first flushing any passes that could not be recorded earlier. If the store is down, the
 * cluster work still counts: the record waits in memory (bounded) and the outcome asks for a retry.
 */
export async function recordOrKeep(
  deps: Pick<PassDependencies, 'store' | 'unrecorded'>,
  record: PassRecord,
): Promise<RecordedPass | undefined> {
  const queue = deps.unrecorded ?? [];
  queue.push(record);
  let last: RecordedPass | undefined;
  try {
    while (queue.length > 0) {
      last = await deps.store.recordPass(queue[0]!);
      queue.shift();
    }
    return last;
  } catch {
    // Keep at most the newest 100: an outage longer than that loses the oldest unrecorded passes, not the process.
    if (queue.length > 100) queue.splice(0, queue.length - 100);
    return undefined;
  }
}

/**
 * The snapshot as recorded: bundles by digest only. Their content is in the store's bundle cache under that
 * digest, so a recorded snapshot still names exactly what Generate read, without megabytes of CRDs per pass.
 */
function recordedSnapshot(snapshot: Snapshot): Snapshot {
  return snapshot.bundles ? { ...snapshot, bundles: recordedBundles(snapshot.bundles) } : snapshot;
}

function recordedBundles(bundles: Record<string, SnapshotBundle>): Record<string, SnapshotBundle> {
  return Object.fromEntries(
    Object.entries(bundles).map(([key, entry]) => [
      key,
      'digest' in entry ? { digest: entry.digest, objects: [] } : entry,
    ]),
  );
}
