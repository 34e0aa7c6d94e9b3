import type { z } from 'zod';
import { admissionRuleOf, type AdmissionRule } from './admission-rule.js';

/** A list's items in a `SchemaPath` (a record's values are `{*}`). */
export const ITEMS = '[*]';
/** A record's values in a `SchemaPath`. */
export const VALUES = '{*}';

/** Where a node sits in a schema: property names, `ITEMS` and `VALUES`, from the root. */
export type SchemaPath = readonly string[];

/** One refinement (`.refine`, `.superRefine`, `.check(z.refine(...))`) found in a schema. */
export interface SchemaRefinement {
  readonly path: SchemaPath;
  /** The rule it was declared with, undefined for a bare refinement (whose rule the CRD would not enforce). */
  readonly rule: AdmissionRule<never> | undefined;
}

// Wrappers whose value is their inner type's: walked through, the path unchanged.
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);
// Types with nothing inside them.
const LEAVES = new Set([
  'string', 'number', 'int', 'bigint', 'boolean', 'enum', 'literal', 'null', 'undefined', 'unknown', 'any',
  'date', 'nan', 'never', 'void', 'template_literal', 'transform', 'custom', 'symbol', 'file', 'success',
]); // prettier-ignore

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

/**
 * Every refinement in `schema`, depth first in declaration order, with the rule `withAdmissionRule` declared it
 * with. The CRD synth refuses a schema with a bare refinement; the admission parity test applies each rule's
 * examples to the CRD. Throws a TypeError naming the path for a zod type it cannot enter, so nothing is skipped.
 * @example schemaRefinements(lokiSchema) // → [{ path: [], rule: { message: 'must not exceed replicas…' } }, …]
 */
export function schemaRefinements(schema: z.ZodType): SchemaRefinement[] {
  const found: SchemaRefinement[] = [];
  visit(schema, [], found, new Set());
  return found;
}

function visit(
  schema: z.ZodType,
  path: SchemaPath,
  found: SchemaRefinement[],
  entered: Set<z.ZodType>,
): void {
  // A lazy (recursive) schema refers back to itself: a node is not entered again below itself. (One schema used
  // in two places, such as `resourcesSchema`, is walked in each.)
  if (entered.has(schema)) return;
  entered.add(schema);
  try {
    visitNode(schema, path, found, entered);
  } finally {
    entered.delete(schema);
  }
}

function visitNode(
  schema: z.ZodType,
  path: SchemaPath,
  found: SchemaRefinement[],
  entered: Set<z.ZodType>,
): void {
  const def = schema._zod.def as unknown as Def;
  for (const check of def.checks ?? []) {
    if (check._zod.def.check === 'custom') found.push({ path, rule: admissionRuleOf(check) });
  }
  const walk = (child: z.ZodType | null | undefined, at: SchemaPath = path) => {
    if (child) visit(child, at, found, entered);
  };
  if (WRAPPERS.has(def.type)) return walk(def.innerType);
  switch (def.type) {
    case 'object':
      for (const [name, child] of Object.entries(def.shape ?? {})) walk(child, [...path, name]);
      return;
    case 'array':
      return walk(def.element, [...path, ITEMS]);
    case 'record':
      return walk(def.valueType, [...path, VALUES]);
    case 'pipe':
      walk(def.in);
      return walk(def.out);
    case 'union':
      for (const option of def.options ?? []) walk(option);
      return;
    case 'intersection':
      walk(def.left);
      return walk(def.right);
    case 'tuple':
      (def.items ?? []).forEach((item, index) => walk(item, [...path, String(index)]));
      return walk(def.rest, [...path, ITEMS]);
    case 'lazy':
      return walk(def.getter?.());
    default:
      if (LEAVES.has(def.type)) return;
      throw new TypeError(
        `schemaRefinements: cannot look inside a zod ${def.type} at ${formatSchemaPath(path)}; teach schema-refinements.ts its children`,
      );
  }
}

/** `spec.env[*].name`-style text of a path, with `root` first. */
export function formatSchemaPath(path: SchemaPath, root = 'spec'): string {
  return path.reduce<string>(
    (text, segment) => (segment === ITEMS || segment === VALUES ? `${text}${segment}` : `${text}.${segment}`),
    root,
  );
}
