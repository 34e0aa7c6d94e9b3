import type { KubeObject, ManagedFieldsEntry } from '@batteries-included/batteries';
import type { BatteryObjectInfo } from '../store/types.js';

/**
 * Who last changed a Battery's spec, from its own metadata, for `battery_history`: `metadata.generation`, and the
 * manager and time of the newest `managedFields` entry that owns fields under `spec`. Status writes (the `status`
 * subresource) and entries that own only metadata (finalizers, labels) never count. Two limits of what the API
 * keeps: an entry's `time` is the last time that manager wrote anything, so a manager that owns spec fields and
 * later wrote only a label is named with the later time; and times have one-second resolution (on a tie the later
 * entry in the list wins). Entries without a time count only when no spec entry has one; `changedAt` is then absent
 * (the store uses the pass's start).
 * @example specChangeInfo(redis) // { generation: 3, fieldManager: 'kubectl-patch', changedAt: 2026-11-23T10:04:05Z }
 */
export function specChangeInfo(battery: KubeObject): BatteryObjectInfo {
  const { metadata } = battery;
  const info: BatteryObjectInfo = {};
  if (typeof metadata.generation === 'number') info.generation = metadata.generation;

  const specEntries = (metadata.managedFields ?? []).filter(
    (entry) => entry.subresource === undefined && ownsSpec(entry),
  );
  let newest: { entry: ManagedFieldsEntry; time?: number } | undefined;
  for (const entry of specEntries) {
    const parsed = entry.time === undefined ? Number.NaN : Date.parse(entry.time);
    const time = Number.isNaN(parsed) ? undefined : parsed;
    const isNewer = !newest || newest.time === undefined || (time !== undefined && time >= newest.time);
    if (isNewer) {
      newest = time === undefined ? { entry } : { entry, time };
    }
  }
  if (newest?.entry.manager) info.fieldManager = newest.entry.manager;
  if (newest?.time !== undefined) info.changedAt = new Date(newest.time);
  return info;
}

function ownsSpec(entry: ManagedFieldsEntry): boolean {
  const spec = entry.fieldsV1?.['f:spec'];
  return typeof spec === 'object' && spec !== null;
}
