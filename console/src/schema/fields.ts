import type { OpenApiSchema as JsonSchema } from '@batteries-included/operator/api-types';
import { QUANTITY_PATTERN, QUANTITY_RULE, type QuantityKind } from './quantity.js';

/** How a field is edited. */
export type FieldKind =
  | 'text'
  | 'quantity'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'image'
  | 'resources'
  | 'object'
  | 'list'
  | 'map'
  | 'json';

/** One form field, derived from the battery's schema: everything the form needs to render and validate it. */
export interface FieldDescriptor {
  /** Path from the spec root, e.g. `['resources', 'requests', 'cpu']`. */
  path: readonly string[];
  /** The path as one string, `resources.requests.cpu`: the field's id and its key in error maps. */
  id: string;
  /** A label for people: `storageSize` → `Storage size`. */
  label: string;
  kind: FieldKind;
  /** Help text from the schema's description. */
  description?: string;
  default?: unknown;
  example?: unknown;
  required: boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  quantity?: QuantityKind;
  /** The value may only grow (a CEL transition rule comparing `quantity(self)` with `quantity(oldSelf)`). */
  mayNotShrink?: boolean;
  /** The value is fixed once created (`self == oldSelf`). */
  isFixedAfterCreation?: boolean;
  /** Messages of CEL rules the console cannot check, shown as notes. */
  rules?: readonly string[];
  /** Children of objects, images and resources. */
  children?: readonly FieldDescriptor[];
  /** The element of a list. */
  items?: FieldDescriptor;
}

/**
 * Turns a battery's spec schema into field descriptors, one per property, sorted as the schema lists them.
 * @example describeFields(catalogEntry.schema).map((f) => f.id) // ['image', 'retentionPeriod', …]
 */
export function describeFields(schema: JsonSchema, path: readonly string[] = []): FieldDescriptor[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, child]) =>
    describeField(child, [...path, key], required.has(key)),
  );
}

/** Describes one property (see describeFields). */
export function describeField(
  schema: JsonSchema,
  path: readonly string[],
  required = false,
): FieldDescriptor {
  const rules = schema['x-kubernetes-validations'] ?? [];
  const base: FieldDescriptor = {
    path,
    id: path.join('.'),
    label: labelOf(path),
    kind: 'json',
    required: required && schema.default === undefined,
    ...defined({
      description: schema.description,
      default: schema.default,
      example: schema.example,
      minimum: schema.minimum,
      maximum: schema.maximum,
      pattern: schema.pattern,
      minLength: schema.minLength,
      maxLength: schema.maxLength,
      maxItems: schema.maxItems,
    }),
  };
  const mayNotShrink = rules.some((r) => /quantity\(self\).*quantity\(oldSelf\)/.test(r.rule));
  const isFixed = rules.some((r) => r.rule.replace(/\s/g, '') === 'self==oldSelf');
  const otherRules = rules
    // A quantity input already says what a quantity is.
    .filter((r) => !/oldSelf/.test(r.rule) && r.rule !== QUANTITY_RULE)
    .map((r) => r.message ?? r.rule)
    .filter(Boolean);
  const flags = defined({
    mayNotShrink: mayNotShrink || undefined,
    isFixedAfterCreation: isFixed || (schema.description ?? '').includes('Fixed after creation') || undefined,
    rules: otherRules.length > 0 ? otherRules : undefined,
  });

  if (schema.enum) return { ...base, ...flags, kind: 'enum', enum: schema.enum.map(String) };
  switch (schema.type) {
    case 'boolean':
      return { ...base, ...flags, kind: 'boolean' };
    case 'integer':
      return { ...base, ...flags, kind: 'integer' };
    case 'number':
      return { ...base, ...flags, kind: 'number' };
    case 'string':
      if (schema.pattern === QUANTITY_PATTERN || schema['x-kubernetes-int-or-string'])
        return { ...base, ...flags, kind: 'quantity', quantity: quantityKind(path, schema) };
      return { ...base, ...flags, kind: 'text' };
    case 'array':
      return {
        ...base,
        ...flags,
        kind: 'list',
        // A structural schema has one item schema (a tuple of them is not allowed in a CRD).
        ...(schema.items && !Array.isArray(schema.items)
          ? { items: describeField(schema.items, [...path, '*']) }
          : {}),
      };
    case 'object': {
      if (schema['x-kubernetes-preserve-unknown-fields']) return { ...base, ...flags, kind: 'json' };
      if (!schema.properties && typeof schema.additionalProperties === 'object')
        return {
          ...base,
          ...flags,
          kind: 'map',
          items: describeField(schema.additionalProperties, [...path, '*']),
        };
      const children = describeFields(schema, path);
      const names = children.map((c) => c.path[c.path.length - 1]).sort();
      const kind: FieldKind =
        names.join(',') === 'repository,tag'
          ? 'image'
          : names.join(',') === 'limits,requests'
            ? 'resources'
            : 'object';
      return { ...base, ...flags, kind, children };
    }
    default:
      return { ...base, ...flags };
  }
}

/** A field's label; a request's or limit's field says which (`CPU request`, `Memory limit`), so labels stay unique. */
function labelOf(path: readonly string[]): string {
  const label = humanize(path[path.length - 1] ?? '');
  const parent = path[path.length - 2];
  if (parent === 'requests') return `${label} request`;
  if (parent === 'limits') return `${label} limit`;
  return label;
}

/** `storageSize` → `Storage size`; `ipAddressPools` → `IP address pools`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return lower.toUpperCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    });
  return words.join(' ');
}

const ACRONYMS = new Set(['ip', 'cpu', 'url', 'tls', 'dns', 'api', 'id', 'sso', 'oidc', 'gpu']);

function quantityKind(path: readonly string[], schema: JsonSchema): QuantityKind {
  const key = (path[path.length - 1] ?? '').toLowerCase();
  if (key.includes('cpu') || /\bin cores\b/i.test(schema.description ?? '')) return 'cpu';
  return 'bytes';
}

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
