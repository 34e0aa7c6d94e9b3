import type { KubeObject } from '@batteries-included/batteries';
import type { BatteryStatus } from '@batteries-included/crds';
import type { BundleResolver } from '../bundles/resolve-bundles.js';
import type { KeycloakTarget } from '../keycloak/keycloak-target.js';
import type { Store } from '../store/store.js';
import type { PassRecord } from '../store/types.js';
import type { ApplyPort } from './apply/apply-port.js';
import type { BatteryPassResult, InstancePassResult } from './decide/summarize-pass.js';
import type { DriftMemo } from './plan/drift-memo.js';
import type { EventBus } from './event-bus.js';

/** What a pass reads from the watch cache: Battery objects and managed objects (no per-object GETs). */
export interface CacheView {
  /** Battery objects (the cluster-scoped kinds of the batteries group). */
  batteries(): readonly KubeObject[];
  /** Instance objects (the namespaced kinds batteries declare). Absent: none. */
  instances?(): readonly KubeObject[];
  /** Every live object by canonical key. */
  live(): ReadonlyMap<string, KubeObject>;
}

/** The cluster side of a pass: apply, plus what broadcast writes on Battery objects. `kube/cluster-port.ts`. */
export interface ClusterPort extends ApplyPort {
  /** Writes the status subresource of a Battery or an instance (whose status extends the Battery's). */
  patchBatteryStatus(battery: KubeObject, status: BatteryStatus): Promise<void>;
  addFinalizer(battery: KubeObject, finalizer: string): Promise<unknown>;
  removeFinalizer(battery: KubeObject, finalizer: string): Promise<unknown>;
  createEvent(
    battery: KubeObject,
    event: { type: 'Normal' | 'Warning'; reason: string; message: string },
  ): Promise<void>;
}

/** What a pass reads and writes through; `operator.ts` wires the real ones, integration tests too. */
export interface PassDependencies {
  cache: CacheView;
  cluster: ClusterPort;
  store: Store;
  /** Keycloak, the pass's second apply target (realm, groups, clients). Absent: Keycloak objects wait. */
  keycloak?: KeycloakTarget;
  /** Obtains the upstream bundles the batteries declare (cache, pushed ConfigMaps, HTTPS). Absent: none. */
  bundles?: BundleResolver;
  bus?: EventBus;
  now?: () => Date;
  /** Apply concurrency within a stage. Default 16. */
  concurrency?: number;
  /**
   * Passes applied while the store was unreachable, oldest first: recorded, in order, before the next pass's own
   * record once the store answers again. Owned by the caller so it outlives one pass.
   */
  unrecorded?: PassRecord[];
  /** Drift answers for live objects unchanged since an earlier pass (see `createDriftMemo`). Owned by the caller. */
  driftMemo?: DriftMemo;
}

/** The latest pass's results per battery, kept so status can be recomputed when only readiness changes. */
export interface PassReport {
  passId?: number;
  /** What the pass did for each battery it generated (or tried to). */
  batteries: BatteryPassResult[];
  /** Each Battery object's `metadata.generation` the pass acted on. */
  generations: Map<string, number | undefined>;
  /** Deleting batteries kept because installed batteries depend on them, with those dependents. */
  heldBy: Map<string, string[]>;
  /** What the pass did for each instance. Absent: none. */
  instances?: InstancePassResult[];
  /** Each instance object's `metadata.generation` the pass acted on, by `Kind/namespace/name`. */
  instanceGenerations?: Map<string, number | undefined>;
}
