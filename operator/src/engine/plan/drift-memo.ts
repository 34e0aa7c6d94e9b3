import type { KubeObject } from '@batteries-included/batteries';
import { findDrift } from './drift.js';

/**
 * Remembers `findDrift`'s answer per live object, so a pass over thousands of unchanged objects does not compare
 * each one field by field again. Keyed by the live object itself: the watch cache shares one frozen object per
 * version and replaces it when the object changes, so the same object means the same live content; the desired
 * side is checked by its hash. An answer is reused only for that pair, so plans are the same with or without a
 * memo. The operator keeps one for its lifetime; previews and tests plan without one.
 */
export interface DriftMemo {
  /** `findDrift(desired, live)`, answered from memory when this live object was compared with this hash before. */
  driftOf(desired: KubeObject, desiredHash: string, live: KubeObject): readonly string[];
}

/** @example planChanges(desired, live, inventory, { driftMemo: createDriftMemo() }) */
export function createDriftMemo(): DriftMemo {
  const answers = new WeakMap<KubeObject, { hash: string; driftPaths: readonly string[] }>();
  return {
    driftOf(desired, desiredHash, live) {
      const known = answers.get(live);
      if (known?.hash === desiredHash) return known.driftPaths;
      const driftPaths = findDrift(desired, live);
      answers.set(live, { hash: desiredHash, driftPaths });
      return driftPaths;
    },
  };
}
