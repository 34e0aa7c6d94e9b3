import type { FieldError } from '@batteries-included/operator/api-types';
import type { FieldDescriptor } from './fields.js';
import { compareQuantities, isQuantity } from './quantity.js';
import { getAt, isRecord, type Spec } from './spec-value.js';

/** Field errors by field id (`resources.requests.cpu`). */
export type FieldErrors = Record<string, string>;

export interface ValidateOptions {
  /** The spec as installed now: checks that sizes do not shrink and fixed fields do not change. */
  current?: Spec;
}

/**
 * Checks one value against its field, as the API server would: type, enum, range, pattern, quantity syntax,
 * and (with the installed value) shrinking and fixed fields. Returns a message naming what would be accepted.
 * @example validateValue(storageSize, '5Gi', '10Gi') // 'may not shrink below 10Gi: volumes can only grow'
 */
export function validateValue(field: FieldDescriptor, value: unknown, current?: unknown): string | undefined {
  if (value === undefined || value === '') return field.required ? 'is required' : undefined;
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return 'must be a number';
      if (field.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
      break;
    }
    case 'enum':
      if (!field.enum?.includes(String(value))) return `must be one of ${field.enum?.join(', ')}`;
      break;
    case 'quantity': {
      if (typeof value !== 'string' || !isQuantity(value))
        return field.quantity === 'cpu'
          ? 'must be a CPU quantity such as 500m (half a core) or 2 (cores)'
          : 'must be a size such as 512Mi, 20Gi or 1Ti';
      if (value.trim().startsWith('-')) return 'may not be negative';
      if (field.mayNotShrink && typeof current === 'string') {
        const diff = compareQuantities(value, current);
        if (diff !== undefined && diff < 0) return `may not shrink below ${current}: volumes can only grow`;
      }
      break;
    }
    case 'text': {
      if (typeof value !== 'string') return 'must be text';
      if (field.minLength !== undefined && value.length < field.minLength)
        return field.minLength === 1 ? 'may not be empty' : `must be at least ${field.minLength} characters`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `must be at most ${field.maxLength} characters`;
      if (field.pattern && !new RegExp(field.pattern).test(value)) return patternMessage(field);
      break;
    }
    case 'list': {
      if (!Array.isArray(value)) return 'must be a list';
      if (field.maxItems !== undefined && value.length > field.maxItems)
        return `may have at most ${field.maxItems} entries`;
      if (field.items) {
        for (const [i, item] of value.entries()) {
          const message = validateValue(field.items, item);
          if (message) return `entry ${i + 1} (${String(item)}) ${message}`;
        }
      }
      break;
    }
  }
  if (field.isFixedAfterCreation && current !== undefined && value !== current)
    return `is fixed after creation; it is ${JSON.stringify(current)}`;
  return undefined;
}

/** Validates every field of `spec` (recursing into objects, images and resources). Empty when all is well. */
export function validateSpec(
  fields: readonly FieldDescriptor[],
  spec: Spec,
  { current }: ValidateOptions = {},
): FieldErrors {
  const errors: FieldErrors = {};
  const visit = (list: readonly FieldDescriptor[]) => {
    for (const field of list) {
      const value = getAt(spec, field.path);
      if (field.children) {
        if (value !== undefined && !isRecord(value)) errors[field.id] = 'must be an object';
        else if (value !== undefined || field.required) visit(field.children);
        continue;
      }
      const message = validateValue(field, value, current ? getAt(current, field.path) : undefined);
      if (message) errors[field.id] = message;
    }
  };
  visit(fields);
  return errors;
}

/** Every leaf field, depth first: for error lists and for mapping server errors to fields. */
export function leafFields(fields: readonly FieldDescriptor[]): FieldDescriptor[] {
  return fields.flatMap((f) => (f.children ? leafFields(f.children) : [f]));
}

/**
 * Maps a server error's field (`spec.storageSize`, `/spec/storageSize`, `storageSize`) to a field id.
 */
export function fieldIdOf(serverField: string): string {
  return serverField
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/^spec\./, '')
    .replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Field errors from an API problem's `errors[]`: `spec.x` (a PUT) or `batteries[i].spec.x` (a preview, where the
 * edited battery is entry `index`; other entries' errors are left out).
 * @example fieldErrorsOf([{ field: 'batteries[1].spec.storageSize', message: 'may not shrink' }], 1)
 */
export function fieldErrorsOf(errors: readonly FieldError[], index = 0): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const match = /^batteries\[(\d+)\]\.(.*)$/.exec(e.field);
    if (match && Number(match[1]) !== index) continue;
    out[fieldIdOf(match ? match[2]! : e.field)] = e.message;
  }
  return out;
}

function patternMessage(field: FieldDescriptor): string {
  const example = field.example ?? field.default;
  return `must match ${field.pattern}${example !== undefined ? ` (for example ${String(example)})` : ''}`;
}
