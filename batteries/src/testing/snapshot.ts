import { objectKey, type KubeObject } from '../model/kube-object.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SnapshotInstance } from '../model/instance.js';
import { sortInstances } from '../generate-instances.js';
import type { SnapshotBundle } from '../model/bundle.js';
import { withSecretMaterial } from '../secret-material.js';
import { syntheticBundles } from './bundles.js';

/**
 * A snapshot for tests and offline rendering: the given specs, deterministic secret material
 * (`<battery>-<name>-` repeated to length), optional live objects, and the upstream bundles the batteries
 * declare (small synthetic stand-ins unless given).
 */
export function testSnapshot(
  batteries: Record<string, unknown>,
  live: KubeObject[] = [],
  bundles: Record<string, SnapshotBundle> = syntheticBundles(batteries),
): Snapshot {
  const snapshot: Snapshot = {
    batteries,
    live: Object.fromEntries(live.map((object) => [objectKey(object), object])),
    secretMaterial: {},
  };
  if (Object.keys(bundles).length > 0) snapshot.bundles = bundles;
  return withSecretMaterial(snapshot, (request) =>
    `${request.battery}-${request.name}-`.repeat(request.length).slice(0, request.length),
  );
}

/**
 * A test snapshot with instances (`{kind, namespace, name, spec}`), whose secret material is minted
 * deterministically like the batteries' (`<battery>-<name>-` repeated to length).
 */
export function testInstanceSnapshot(
  batteries: Record<string, unknown>,
  instances: SnapshotInstance[],
  live: KubeObject[] = [],
): Snapshot {
  const base = testSnapshot(batteries, live);
  return withSecretMaterial({ ...base, instances: sortInstances(instances) }, (request) =>
    `${request.battery}-${request.name}-`.repeat(request.length).slice(0, request.length),
  );
}
