import type { KubeObject } from '@batteries-included/batteries';

/**
 * How long ago the change a watch event reports happened, in milliseconds, from the timestamp the object carries
 * for it: `deletionTimestamp` for DELETED, `creationTimestamp` for ADDED, the newest `managedFields[].time` for
 * MODIFIED. Those have second resolution, so the result is up to 1 s high; undefined when there is no timestamp
 * (e.g. an object deleted without finalizers). Clock skew between the API server and this process adds to it.
 */
export function watchEventLag(phase: string, object: KubeObject, nowMs: number): number | undefined {
  const { metadata } = object;
  let stamp: string | undefined;
  if (phase === 'DELETED') stamp = metadata.deletionTimestamp;
  else if (phase === 'ADDED') stamp = metadata.creationTimestamp;
  else stamp = (metadata.managedFields ?? []).map((f) => f.time ?? '').reduce((a, b) => (a > b ? a : b), '');
  const at = stamp ? Date.parse(stamp) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, nowMs - at);
}
