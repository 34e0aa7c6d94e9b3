/** Reading and writing a spec by field path, immutably; unset fields are absent, never `undefined` or `''`. */

export type Spec = Record<string, unknown>;

/** The value at `path`, or undefined. */
export function getAt(spec: unknown, path: readonly string[]): unknown {
  let value: unknown = spec;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A copy of `spec` with `path` set to `value`. `undefined` or `''` removes the field, and objects left empty are
 * removed too, so the spec holds only what the user chose and the defaults stay the operator's.
 */
export function setAt(spec: Spec, path: readonly string[], value: unknown): Spec {
  const [head, ...rest] = path;
  if (head === undefined) return spec;
  const copy: Spec = { ...spec };
  const next =
    rest.length === 0 ? value : setAt(isRecord(copy[head]) ? (copy[head] as Spec) : {}, rest, value);
  if (next === undefined || next === '' || (isRecord(next) && Object.keys(next).length === 0))
    delete copy[head];
  else copy[head] = next;
  return copy;
}

/** Whether two JSON values are equal (object key order ignored). */
export function isSameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys, for comparing and hashing specs. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
