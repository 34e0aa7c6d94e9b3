import type { OpenApiSchema } from './openapi-schema.js';

/**
 * Returns a copy of `schema` in which every object-valued `default` carries the nested defaults too, e.g.
 * `spec: {default: {}}` becomes `{default: {replicas: 1, ...}}`.
 *
 * Why: when the API server applies a default it also applies the defaults below it, so `{}` and the
 * completed value mean the same at runtime. But when it admits the CRD it checks each default against
 * the schema and its CEL rules *without* applying the nested defaults, so a rule such as
 * `self.replicationFactor <= self.replicas` on a spec defaulting to `{}` fails with "no such key".
 */
export function completeDefaults(schema: OpenApiSchema): OpenApiSchema {
  const copy = structuredClone(schema);
  completeNode(copy);
  return copy;
}

function completeNode(node: OpenApiSchema): void {
  for (const child of Object.values(node.properties ?? {})) completeNode(child);
  if (typeof node.additionalProperties === 'object') completeNode(node.additionalProperties);
  if (node.items !== undefined && !Array.isArray(node.items)) completeNode(node.items);
  if (node.default !== undefined) node.default = applyDefaults(node.default, node);
}

/**
 * The API server's defaulting algorithm (apiextensions structural defaulting): fills absent properties
 * that have a default, then descends into objects, map values and list items. Returns a new value.
 */
export function applyDefaults(value: unknown, schema: OpenApiSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return items === undefined || Array.isArray(items)
      ? value
      : value.map((item) => applyDefaults(item, items));
  }
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!(name in result) && property.default !== undefined) result[name] = structuredClone(property.default);
    if (name in result) result[name] = applyDefaults(result[name], property);
  }
  const additional = schema.additionalProperties;
  if (typeof additional === 'object') {
    for (const name of Object.keys(result)) {
      if (!(name in (schema.properties ?? {}))) result[name] = applyDefaults(result[name], additional);
    }
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
