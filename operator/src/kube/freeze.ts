/**
 * Freezes an object and everything it reaches, in place, and returns it. Cached objects are shared by every
 * snapshot, so nothing may change them.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
