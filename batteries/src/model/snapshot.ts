import type { SnapshotBundle } from './bundle.js';
import type { SnapshotInstance } from './instance.js';
import type { KubeObject } from './kube-object.js';

/**
 * Everything Generate may read, as one plain JSON value, so that a recorded snapshot replays to the
 * same bytes. Prepare builds it from the informer cache; `bi synth` builds it from files.
 */
export interface Snapshot {
  /** Battery specs by type, as written in the Battery objects (unparsed: Generate validates them). */
  batteries: Record<string, unknown>;
  /** Live objects a generator may read, keyed by `formatRef` (e.g. a Service's load-balancer IP). */
  live: Record<string, KubeObject>;
  /** Minted or read-back secret material, keyed `<battery>/<name>`. */
  secretMaterial: Record<string, string>;
  /**
   * Upstream bundles the installed batteries declare, keyed `bundleKey` (`<name>@<version>`): parsed objects
   * with their digest, or why Prepare could not obtain them. Absent when no installed battery declares one.
   */
  bundles?: Record<string, SnapshotBundle>;
  /**
   * Instances (namespaced kinds users create inside batteries), sorted by kind, namespace and name. Absent when
   * there are none, so snapshots recorded before instances existed read the same.
   */
  instances?: SnapshotInstance[];
  /**
   * The ingress gateway's address, read in Prepare from its Service's load-balancer status. Absent while the
   * gateway has none (hostnames then use 127.0.0.1).
   */
  ingress?: { address: string };
}

export function secretMaterialKey(battery: string, name: string): string {
  return `${battery}/${name}`;
}
