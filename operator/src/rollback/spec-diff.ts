import { canonicalJson } from '@batteries-included/batteries';

/**
 * One field a rollback changes: its path as `kubectl explain` writes it (`spec.exporter.enabled`,
 * `spec.models[0]`, `spec.labels["app.kubernetes.io/name"]`), and its value now and once restored. A side
 * that has no such field leaves its key out (`'before' in change` tells "absent" from a JSON `null`).
 */
export interface SpecFieldChange {
  path: string;
  /** The value now; absent when the field is not set now. */
  before?: unknown;
  /** The value once restored; absent when restoring removes the field. */
  after?: unknown;
}

/**
 * The leaf-level differences between two Battery specs (plain JSON), in path order: objects are compared key by
 * key (sorted), lists index by index, anything else as a whole by canonical JSON. A value that changes shape (an
 * object becoming a string) is one change at its path. Equal specs give `[]`.
 * @example diffSpecs({ maxmemory: '1Gi' }, { maxmemoryPolicy: 'noeviction' })
 * // [{ path: 'spec.maxmemory', before: '1Gi' }, { path: 'spec.maxmemoryPolicy', after: 'noeviction' }]
 */
export function diffSpecs(before: unknown, after: unknown, path = 'spec'): SpecFieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const childPath = path + segment(key);
      if (!Object.hasOwn(after, key)) return removed(childPath, before[key]);
      if (!Object.hasOwn(before, key)) return added(childPath, after[key]);
      return diffSpecs(before[key], after[key], childPath);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: SpecFieldChange[] = [];
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      const childPath = `${path}[${index}]`;
      if (index >= after.length) changes.push(...removed(childPath, before[index]));
      else if (index >= before.length) changes.push(...added(childPath, after[index]));
      else changes.push(...diffSpecs(before[index], after[index], childPath));
    }
    return changes;
  }
  return canonicalJson(before) === canonicalJson(after) ? [] : [{ path, before, after }];
}

/** A whole subtree set where there was none: one change per leaf, so the table lists every field restored. */
function added(path: string, value: unknown): SpecFieldChange[] {
  return leaves(value, path).map(([leafPath, leaf]) => ({ path: leafPath, after: leaf }));
}

function removed(path: string, value: unknown): SpecFieldChange[] {
  return leaves(value, path).map(([leafPath, leaf]) => ({ path: leafPath, before: leaf }));
}

/** Scalars, empty objects and empty lists are leaves; a non-empty object or list contributes its leaves. */
function leaves(value: unknown, path: string): Array<[string, unknown]> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    return Object.keys(value)
      .sort()
      .flatMap((key) => leaves(value[key], path + segment(key)));
  }
  if (Array.isArray(value) && value.length > 0) {
    return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
  }
  return [[path, value]];
}

/** `.name` for keys kubectl users write bare, `["app.kubernetes.io/name"]` for the rest. */
function segment(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
