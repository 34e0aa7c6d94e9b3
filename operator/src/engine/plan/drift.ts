import { quantitiesEqual, type KubeObject } from '@batteries-included/batteries';
import { base64Utf8 } from './base64.js';
import {
  DEFAULT_LIST_MAP_KEY,
  EMPTY_MAP_FIELDS,
  IGNORED_METADATA_FIELDS,
  IGNORED_TOP_LEVEL_FIELDS,
  INT_OR_STRING_FIELDS,
  LIST_MAP_KEYS,
  LIST_MAP_KEY_DEFAULTS,
  QUANTITY_FIELDS,
  QUANTITY_MAPS,
  SET_LISTS,
} from './drift-rules.js';

type Fields = Record<string, unknown>;

/** Where a value sits: its printable path, its own field name and the field name of the map holding it. */
interface Position {
  path: string;
  /** Undefined for list items. */
  field?: string;
  /** The field name of the enclosing object; undefined when that object is a list item or the root. */
  parent?: string;
}

/**
 * The paths of the fields we set that the live object no longer carries with our value, e.g.
 * `spec.replicas`, `spec.template.spec.containers[name=redis].image`, `metadata.labels["app.kubernetes.io/name"]`.
 * Empty when the live object still carries everything we set.
 *
 * Only fields present in `desired` are compared (a subset match), so whatever the server or others added —
 * defaults, `status`, `metadata.uid`/`resourceVersion`/`managedFields`, extra labels and annotations, extra
 * env vars or containers in a keyed list — never counts. Normalized, so the server's rewriting is not drift
 * (the rules are data in `drift-rules.ts`):
 * - lists of named items are matched by key, not position: `name`, or the server-side apply list-map keys
 *   (`containerPort`/`port` + `protocol` defaulting to TCP, `mountPath`, `devicePath`, `ip`, …);
 * - quantities in quantity positions compare by amount: `1000m` = `1`, `1024Mi` = `1Gi`, `0.5` = `500m`,
 *   `1Gi` = `1073741824`, a number = the same string;
 * - int-or-string fields (`port`, `targetPort`, `maxSurge`, `maxUnavailable`, `minAvailable`): `80` = `"80"`;
 * - values the server drops when empty: a desired `false`, `0`, `""`, `[]`, `null`, or `{}` for a map field
 *   (labels, annotations, data, limits…) matches an absent live field;
 * - a Secret's `stringData` is compared as the base64 `data` the server stores it as;
 * - `finalizers` are a set: others may add to it.
 * Not normalized (reported, and left to the server-side dry-run to confirm): atomic lists compare by
 * position and length; container images are compared as written (`redis:7` ≠ `docker.io/library/redis:7`);
 * durations, and quantities outside the known positions, compare as written; `apiVersion` and `kind` are
 * identity and never compared.
 *
 * Paths name fields and list keys, never values, so they are safe to print for Secrets.
 * @example findDrift(desired, live) // ['spec.template.spec.containers[name=redis].image']
 */
export function findDrift(desired: KubeObject, live: KubeObject): string[] {
  const paths: string[] = [];
  const want = asStored(desired) as Fields;
  const have = live as unknown as Fields;
  for (const field of sortedKeys(want)) {
    if (IGNORED_TOP_LEVEL_FIELDS.has(field)) continue;
    if (field === 'metadata') {
      compareMetadata(want.metadata, have.metadata, paths);
      continue;
    }
    compare(want[field], have[field], { path: field, field }, paths);
  }
  return paths;
}

function compareMetadata(want: unknown, have: unknown, out: string[]): void {
  if (!isObject(want)) return;
  const at: Position = { path: 'metadata', field: 'metadata' };
  if (!isObject(have)) {
    out.push(at.path);
    return;
  }
  for (const field of sortedKeys(want)) {
    if (IGNORED_METADATA_FIELDS.has(field)) continue;
    compare(want[field], have[field], { path: childPath(at.path, field), field, parent: 'metadata' }, out);
  }
}

function compare(want: unknown, have: unknown, at: Position, out: string[]): void {
  // null in an apply request means "not set by us"; the server never stores it.
  if (want === undefined || want === null) return;
  const live = have === null ? undefined : have;
  if (Array.isArray(want)) compareList(want, live, at, out);
  else if (isObject(want)) compareObject(want, live, at, out);
  else if (!scalarsEqual(want, live, at)) out.push(at.path);
}

function compareObject(want: Fields, have: unknown, at: Position, out: string[]): void {
  if (!isObject(have)) {
    const dropped =
      have === undefined && Object.keys(want).length === 0 && EMPTY_MAP_FIELDS.has(at.field ?? '');
    if (!dropped) out.push(at.path);
    return;
  }
  for (const field of sortedKeys(want)) {
    compare(want[field], have[field], { path: childPath(at.path, field), field, parent: at.field }, out);
  }
}

function compareList(want: unknown[], have: unknown, at: Position, out: string[]): void {
  if (!Array.isArray(have)) {
    if (!(have === undefined && want.length === 0)) out.push(at.path);
    return;
  }
  if (SET_LISTS.has(at.field ?? '') && want.every(isScalar)) {
    if (!want.every((member) => have.includes(member))) out.push(at.path);
    return;
  }
  const keyFields = listMapKeyOf(at.field, want);
  if (keyFields) {
    for (const item of want as Fields[]) {
      const id = identity(item, keyFields);
      const match = have.find((candidate) => isObject(candidate) && identity(candidate, keyFields) === id);
      const path = `${at.path}[${selector(item, keyFields)}]`;
      if (match === undefined) out.push(path);
      else compare(item, match, { path }, out);
    }
    return;
  }
  // An atomic list: server-side apply replaces it whole, so anything added, removed or reordered is drift.
  if (want.length !== have.length) {
    out.push(at.path);
    return;
  }
  want.forEach((item, index) => compare(item, have[index], { path: `${at.path}[${index}]` }, out));
}

function scalarsEqual(want: unknown, have: unknown, at: Position): boolean {
  if (want === have) return true;
  // Go's omitempty drops false, 0 and "" from what the server returns.
  if (have === undefined) return want === false || want === 0 || want === '';
  if (isQuantityPosition(at) && quantitiesEqual(want, have)) return true;
  if (INT_OR_STRING_FIELDS.has(at.field ?? '') && typeof want !== typeof have) {
    return isScalar(have) && String(want) === String(have);
  }
  return false;
}

function isQuantityPosition(at: Position): boolean {
  return QUANTITY_MAPS.has(at.parent ?? '') || QUANTITY_FIELDS.has(at.field ?? '');
}

/** The key fields to match this list's items by, or undefined when it must be compared by position. */
function listMapKeyOf(field: string | undefined, items: unknown[]): readonly string[] | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  const candidates = LIST_MAP_KEYS.get(field ?? '') ?? [DEFAULT_LIST_MAP_KEY];
  return candidates.find((fields) => {
    if (!items.every((item) => isScalar(item[fields[0]!]))) return false;
    const ids = items.map((item) => identity(item, fields));
    return new Set(ids).size === ids.length; // a key must tell the items apart
  });
}

function identity(item: Fields, keyFields: readonly string[]): string {
  return keyFields
    .map((field) => String(item[field] ?? LIST_MAP_KEY_DEFAULTS.get(field) ?? ''))
    .join('\u0000');
}

/** `name=redis`, `containerPort=53,protocol=UDP`: the first key field always, others when not defaulted. */
function selector(item: Fields, keyFields: readonly string[]): string {
  return keyFields
    .filter(
      (field, index) =>
        index === 0 || (item[field] !== undefined && item[field] !== LIST_MAP_KEY_DEFAULTS.get(field)),
    )
    .map((field) => `${field}=${selectorValue(item[field])}`)
    .join(',');
}

function selectorValue(value: unknown): string {
  const text = String(value);
  return /^[A-Za-z0-9_./:-]+$/.test(text) ? text : JSON.stringify(text);
}

function childPath(path: string, field: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(field)) return path ? `${path}.${field}` : field;
  return `${path}[${JSON.stringify(field)}]`;
}

/**
 * The desired object as the server stores it: a Secret's `stringData` merged into `data` as base64; any other object
 * as it is. Tests use it to make a live copy of what a pass applied.
 */
export function asStored(desired: KubeObject): KubeObject {
  if (desired.apiVersion !== 'v1' || desired.kind !== 'Secret' || !isObject(desired.stringData))
    return desired;
  const { stringData, ...rest } = desired;
  const data: Fields = { ...(isObject(rest.data) ? rest.data : {}) };
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[key] = base64Utf8(value);
  }
  return { ...rest, data } as KubeObject;
}

function sortedKeys(value: Fields): string[] {
  return Object.keys(value).sort();
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
