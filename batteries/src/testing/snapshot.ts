import { objectKey, type KubeObject } from '../model/kube-object.js';
import type { Snapshot } from '../model/snapshot.js';
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
