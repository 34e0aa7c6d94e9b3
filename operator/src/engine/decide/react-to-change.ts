import { API_GROUP, loadBalancerIp, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { FIELD_MANAGER, LABEL_MANAGER } from './field-managers.js';

/** What the operator does about one cache change. */
export type Reaction =
  /** Something a pass must act on: a Battery changed, or a managed object was edited or deleted out of band. */
  | { kind: 'pass'; reason: string }
  /** Only readiness may have moved (a controller updated status, or our own write echoed back): refresh status. */
  | { kind: 'status' }
  | { kind: 'ignore' };

/**
 * Classifies a cache change so the operator neither misses out-of-band edits nor loops on its own writes:
 * Battery spec changes, deletions and additions trigger a pass; Battery status changes (ours) do not. A managed
 * object deleted, or changed by a field manager other than ours, triggers a pass (drift), and so does a Service whose
 * load-balancer IP changed (hostnames follow the gateway's); other status-only updates and the echoes of our own
 * writes only refresh Battery status.
 */
export function reactToChange(change: {
  type: 'add' | 'update' | 'delete';
  key: string;
  object: KubeObject;
  previous?: KubeObject;
}): Reaction {
  const { object, previous } = change;
  if (splitApiVersion(object.apiVersion).group === API_GROUP) {
    // Batteries and instances alike: spec changes, additions, deletions; never our own status writes.
    const reason = object.metadata.namespace
      ? `instance:${object.kind}/${object.metadata.namespace}/${object.metadata.name}`
      : `battery:${object.metadata.name}`;
    if (change.type !== 'update') return { kind: 'pass', reason };
    const meta = object.metadata;
    const before = previous?.metadata;
    if (meta.generation !== before?.generation || meta.deletionTimestamp !== before?.deletionTimestamp) {
      return { kind: 'pass', reason };
    }
    return { kind: 'ignore' };
  }
  if (change.type === 'delete') return { kind: 'pass', reason: `deleted:${change.key}` };
  // A load balancer's address is status, but battery hostnames are made of the gateway's: the pass must follow it.
  if (object.kind === 'Service' && loadBalancerIp(object) !== loadBalancerIp(previous))
    return { kind: 'pass', reason: `address:${change.key} ${loadBalancerIp(object) ?? 'none'}` };
  // Who wrote since we last saw the object? managedFields entries that are new or changed (time is not always
  // set: `kubectl scale` writes through the scale subresource with none), excluding status writes.
  const writers = changedWriters(object, previous).filter((manager) => !OUR_MANAGERS.has(manager));
  if (writers.length > 0) {
    return {
      kind: 'pass',
      reason: `${change.type === 'add' ? 'added' : 'edited'}:${change.key} by ${writers.join(', ')}`,
    };
  }
  return { kind: 'status' };
}

/**
 * Managers whose writes never call for a pass: ours, and the controller-manager, which only annotates objects we
 * own (revisions) besides writing status.
 */
const OUR_MANAGERS: ReadonlySet<string> = new Set([FIELD_MANAGER, LABEL_MANAGER, 'kube-controller-manager']);

function changedWriters(object: KubeObject, previous: KubeObject | undefined): string[] {
  const entries = (o: KubeObject | undefined) =>
    (o?.metadata.managedFields ?? []).filter((entry) => entry.subresource !== 'status');
  const before = new Set(entries(previous).map((entry) => JSON.stringify(entry)));
  return [
    ...new Set(
      entries(object)
        .filter((entry) => !before.has(JSON.stringify(entry)))
        .map((e) => e.manager ?? 'unknown'),
    ),
  ];
}
