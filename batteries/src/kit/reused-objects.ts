import type { KubeObject } from '../model/kube-object.js';
import { hashObject, isSecretObject } from '../hash/object-hash.js';
import { deepFreeze } from './bundle-objects.js';

/** Objects handed out again, unchanged, by a later pass (prepared bundle objects, memoized instance renders). */
const reused = new WeakSet<KubeObject>();
/** The content hash of each reused object, computed the first time it is hashed. */
const hashes = new WeakMap<KubeObject, string>();

/**
 * Freezes `object` and marks it as reused across passes, so its content hash is computed once (`hashOnce`). Only
 * for objects no one changes afterwards: generate() copies before it adds anything.
 */
export function markReused<T extends KubeObject>(object: T): T {
  deepFreeze(object);
  reused.add(object);
  return object;
}

/**
 * `hashObject(object, secretKey)`, remembered for reused objects: the same frozen value as last pass has the same
 * hash. Secrets (keyed by `secretKey`) are never remembered: their digest depends on the key, not only the value.
 */
export function hashOnce(object: KubeObject, secretKey?: string): string {
  if (!reused.has(object) || (secretKey && isSecretObject(object))) return hashObject(object, secretKey);
  let hash = hashes.get(object);
  if (hash === undefined) hashes.set(object, (hash = hashObject(object)));
  return hash;
}

/** Whether `object` is one handed out again by later passes (see `markReused`). */
export function isReused(object: KubeObject): boolean {
  return reused.has(object);
}
