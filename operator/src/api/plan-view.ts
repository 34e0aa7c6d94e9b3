import type { Change, ChangeSet } from '../engine/plan/index.js';
import type { ObjectAction } from '../engine/vocabulary.js';

/** One plan entry as the API shows it: ref and action only. Never the objects (they may be Secrets). */
export interface PlanChangeView {
  ref: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  battery?: string;
  action: ObjectAction;
  note?: string;
  driftPaths?: string[];
}

/** A ChangeSet without its objects: counts, and every change but `unchanged` (unless asked for). */
export function planViewOf(
  changeSet: ChangeSet,
  { withUnchanged = false }: { withUnchanged?: boolean } = {},
): { counts: Record<ObjectAction, number>; changes: PlanChangeView[] } {
  return {
    counts: { ...changeSet.counts },
    changes: changeSet.changes
      .filter((change) => withUnchanged || change.action !== 'unchanged')
      .map(changeViewOf),
  };
}

function changeViewOf(change: Change): PlanChangeView {
  const { ref } = change;
  return {
    ref: change.key,
    apiVersion: ref.group ? `${ref.group}/${ref.version}` : ref.version,
    kind: ref.kind,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    name: ref.name,
    ...(change.battery ? { battery: change.battery } : {}),
    action: change.action,
    ...(change.note ? { note: change.note } : {}),
    ...(change.driftPaths?.length ? { driftPaths: [...change.driftPaths] } : {}),
  };
}
