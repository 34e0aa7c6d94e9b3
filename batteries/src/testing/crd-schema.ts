import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** Keys the API server rejects anywhere in a CRD's structural schema (apiextensions validation). */
const FORBIDDEN_KEYS = [
  '$ref',
  '$schema',
  '$defs',
  'definitions',
  'dependencies',
  'patternProperties',
  'additionalItems',
  'id',
];

/**
 * Converts a battery schema the way the CRD synth does (`openapi-3.0`, `io: 'input'`) and lists what would
 * make it non-structural: forbidden keys, unions (`anyOf`/`oneOf`/`allOf`/`not`), nullable values, nodes
 * without a `type`, `type: null`, `uniqueItems`, maps that also declare properties, and fields without a
 * description (which `kubectl explain` and the console show). Each problem is
 * `<json path>: <what>`; an empty list means the schema converts cleanly.
 *
 * `additionalProperties: false` next to `properties` (what `.strict()` emits) is tolerated: the synth drops
 * it, because the API server prunes unknown fields of a structural schema anyway.
 */
export function crdSchemaProblems(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as JsonSchema;
  const problems: string[] = [];
  visit(json, 'spec', problems);
  return problems;
}

function visit(node: JsonSchema, path: string, problems: string[]): void {
  for (const key of FORBIDDEN_KEYS) if (key in node) problems.push(`${path}: has ${key}`);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'not'])
    if (key in node) problems.push(`${path}: has ${key} (a union)`);
  if (node.nullable === true) problems.push(`${path}: is nullable`);
  if (node.uniqueItems === true) problems.push(`${path}: has uniqueItems`);
  if (typeof node.type !== 'string' || node.type === 'null')
    problems.push(`${path}: type is ${String(node.type)}`);

  const properties = node.properties as Record<string, JsonSchema> | undefined;
  const additional = node.additionalProperties;
  if (properties && Object.keys(properties).length > 0 && additional !== undefined && additional !== false) {
    problems.push(`${path}: has both properties and additionalProperties`);
  }
  for (const [name, child] of Object.entries(properties ?? {})) {
    if (typeof child.description !== 'string') problems.push(`${path}.${name}: has no description`);
    visit(child, `${path}.${name}`, problems);
  }
  if (typeof additional === 'object' && additional !== null)
    visit(additional as JsonSchema, `${path}.*`, problems);
  if (typeof node.items === 'object' && node.items !== null)
    visit(node.items as JsonSchema, `${path}[]`, problems);
}
