import { QUANTITY_PATTERN, QUANTITY_RULE } from '@batteries-included/batteries';
import type { OpenApiSchema, ValidationRule } from '@batteries-included/crds';

/** One field of a schema as the reference shows it. Read generically from the JSON schema, so new keys show up. */
export interface FieldRow {
  /** Dot path from the schema's root: `exporter.image.tag`; list items `volumes[].name`; map values `labels.*`. */
  path: string;
  /** `string`, `integer`, `quantity`, `list of string`, `map of string`, `int or string`, a component name, ... */
  type: string;
  description?: string;
  /** The default as JSON. */
  default?: string;
  /** Bounds in words: `1 to 10`, `at least 1`, `length at most 63`, `at most 5 items`. */
  range?: string;
  /** What a number or string measures, when the schema says (Kubernetes quantities, formats). */
  units?: string;
  enum?: string[];
  /** A pattern other than the quantity grammar. */
  pattern?: string;
  isRequired: boolean;
  /** Rules that compare with the previous value (`oldSelf`): what may not change after creation, and how. */
  transitionRules: ValidationRule[];
  /** Other admission rules on the field (CEL), with their messages. */
  rules: ValidationRule[];
  /** For a `$ref`: the referenced component's name. */
  ref?: string;
}

type Node = OpenApiSchema & { $ref?: string; format?: string };

function json(value: unknown): string {
  return JSON.stringify(value);
}

function rangeOf(node: Node): string | undefined {
  const between = (min: number | undefined, max: number | undefined, noun = '') => {
    if (min !== undefined && max !== undefined) return `${noun}${min} to ${max}`;
    if (min !== undefined) return `${noun}at least ${min}`;
    if (max !== undefined) return `${noun}at most ${max}`;
    return undefined;
  };
  const parts = [
    between(node.minimum, node.maximum),
    between(node.minLength, node.maxLength, 'length '),
    between(node.minItems, node.maxItems, 'items: '),
    between(node.minProperties, node.maxProperties, 'entries: '),
  ].filter((part): part is string => part !== undefined);
  if (node.exclusiveMinimum) parts.push('minimum excluded');
  if (node.exclusiveMaximum) parts.push('maximum excluded');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The type of a node in words. */
export function typeOf(node: Node): string {
  if (node.$ref) return refName(node.$ref);
  if (node['x-kubernetes-int-or-string']) return 'int or string';
  if (node.type === 'string' && node.pattern === QUANTITY_PATTERN) return 'quantity';
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) return alternatives.map((a) => typeOf(a as Node)).join(' or ');
  if (node.allOf && node.allOf.length === 1) return typeOf(node.allOf[0] as Node);
  if (node.type === 'array') {
    const items = Array.isArray(node.items) ? node.items[0] : node.items;
    return items ? `list of ${typeOf(items as Node)}` : 'list';
  }
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties as Node)}`;
  }
  if (node.type === 'object' && node['x-kubernetes-preserve-unknown-fields'] && !node.properties) {
    return 'object (free-form)';
  }
  const base = node.type ?? 'any';
  return node.nullable ? `${base} or null` : base;
}

function unitsOf(node: Node): string | undefined {
  if (node.type === 'string' && node.pattern === QUANTITY_PATTERN) {
    return 'Kubernetes quantity: bytes with Ki, Mi, Gi, … or k, M, G, …; cores with m (250m = a quarter core)';
  }
  if (node.format) return `format ${node.format}`;
  return undefined;
}

/** `.a.b` or `['a'].b` relative to a node, as segments. */
function fieldPathSegments(fieldPath: string): string[] {
  return [...fieldPath.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\['([^']+)'\]/g)].map((m) => m[1] ?? m[2]!);
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

export interface SchemaFields {
  /** Every field below the root, depth first in schema order. */
  fields: FieldRow[];
  /** Rules on the root itself (cross-field rules such as `self.a <= self.b`). */
  rootRules: ValidationRule[];
}

/**
 * Every field below `root` (not `root` itself). A CEL rule with a `fieldPath` is listed on the field it points
 * at, so a rule anchored on a parent still shows on its field; rules on the root are returned apart.
 */
export function schemaFields(root: OpenApiSchema): SchemaFields {
  const rows: FieldRow[] = [];
  const byPath = new Map<string, FieldRow>();
  const pending: { path: string; rule: ValidationRule }[] = [];

  /** `isElement`: a list item or map value, described by its parent's row; only its fields get rows. */
  const visit = (node: Node, path: string, isRequired: boolean, isElement = false) => {
    if (path !== '' && !isElement) {
      const row: FieldRow = {
        path,
        type: typeOf(node),
        isRequired,
        transitionRules: [],
        rules: [],
        ...(node.description ? { description: node.description } : {}),
        ...(node.default !== undefined ? { default: json(node.default) } : {}),
        ...(node.enum ? { enum: node.enum.map((v) => (typeof v === 'string' ? v : json(v))) } : {}),
        ...(node.pattern && node.pattern !== QUANTITY_PATTERN ? { pattern: node.pattern } : {}),
        ...(node.$ref ? { ref: refName(node.$ref) } : {}),
      };
      const range = rangeOf(node);
      if (range) row.range = range;
      const units = unitsOf(node);
      if (units) row.units = units;
      rows.push(row);
      byPath.set(path, row);
    }
    for (const rule of node['x-kubernetes-validations'] ?? []) {
      // A quantity row already says it is a quantity (the API server's parser checks it).
      if (rule.rule === QUANTITY_RULE) continue;
      const target = rule.fieldPath ? fieldPathSegments(rule.fieldPath).reduce(join, path) : path;
      pending.push({ path: target, rule });
    }
    const required = new Set(node.required ?? []);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      visit(child as Node, join(path, name), required.has(name));
    }
    for (const member of node.allOf ?? []) {
      for (const [name, child] of Object.entries(member.properties ?? {})) {
        visit(child as Node, join(path, name), (member.required ?? []).includes(name));
      }
    }
    const items = Array.isArray(node.items) ? node.items[0] : node.items;
    if (items && hasStructure(items)) visit(items as Node, `${path}[]`, false, true);
    if (typeof node.additionalProperties === 'object' && hasStructure(node.additionalProperties)) {
      visit(node.additionalProperties as Node, join(path, '*'), false, true);
    }
  };
  visit(root as Node, '', true);

  const rootRules: ValidationRule[] = [];
  for (const { path, rule } of pending) {
    const row = byPath.get(path);
    if (!row) rootRules.push(rule);
    else (/\boldSelf\b/.test(rule.rule) ? row.transitionRules : row.rules).push(rule);
  }
  return { fields: rows, rootRules };
}

/** Whether a list item or map value has fields of its own worth listing. */
function hasStructure(node: OpenApiSchema): boolean {
  return (
    node.properties !== undefined ||
    (node['x-kubernetes-validations']?.length ?? 0) > 0 ||
    typeof node.additionalProperties === 'object'
  );
}
