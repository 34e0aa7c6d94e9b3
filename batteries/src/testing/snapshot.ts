import { objectKey, type KubeObject } from '../model/kube-object.js';
import type { Snapshot } from '../model/snapshot.js';
import { withSecretMaterial } from '../secret-material.js';

/**
 * A snapshot for tests and offline rendering: the given specs, deterministic secret material
 * (`<battery>-<name>-` repeated to length), and optional live objects.
 */
export function testSnapshot(batteries: Record<string, unknown>, live: KubeObject[] = []): Snapshot {
  const snapshot: Snapshot = {
    batteries,
    live: Object.fromEntries(live.map((object) => [objectKey(object), object])),
    secretMaterial: {},
  };
  return withSecretMaterial(snapshot, (request) =>
    `${request.battery}-${request.name}-`.repeat(request.length).slice(0, request.length),
  );
}
