import { z } from 'zod';
import { JSON_SCHEMA_PROPS_KEYS, type OpenApiSchema } from './openapi-schema.js';

type JsonNode = Record<string, unknown>;

/**
 * Converts a battery's zod schema into the OpenAPI v3 schema a CRD carries. It converts the *input* type
 * (what a user may write: fields with defaults are optional) to OpenAPI 3.0 and makes the result
 * structural in the sense of apiextensions.k8s.io/v1 (see `structuralOverride`). It does not validate:
 * run `structuralProblems` on the result, which catches what cannot be repaired here ($ref, unions, ...).
 *
 * @example schemaToOpenApi(z.object({ replicas: z.int().min(1).default(1).meta({ description: 'Pods.' }) }))
 */
export function schemaToOpenApi(schema: z.ZodType): OpenApiSchema {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    override: ({ jsonSchema }) => structuralOverride(jsonSchema as JsonNode),
  }) as OpenApiSchema;
}

/**
 * Rewrites one node, in place, from what zod emits to what Kubernetes accepts. Zod may call it more
 * than once on the same node, so every step is idempotent.
 */
export function structuralOverride(node: JsonNode): void {
  // int-or-string is the one union Kubernetes models, by an extension instead of anyOf + type.
  if (node['x-kubernetes-int-or-string'] === true) {
    delete node.anyOf;
    delete node.oneOf;
    delete node.type;
  }
  // A loose object (`z.looseObject`) says "anything else goes" with `additionalProperties: {}`, which
  // Kubernetes forbids next to properties; the extension already says it.
  if (node['x-kubernetes-preserve-unknown-fields'] === true && isEmptyObject(node.additionalProperties)) {
    delete node.additionalProperties;
  }
  // A bare z.int() is bounded to the safe-integer range; that is noise in every CRD, not a constraint.
  if (node.type === 'integer') {
    if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  }
  // `.strict()` emits `additionalProperties: false`, which Kubernetes forbids next to properties. The API
  // server already prunes unknown fields and, under strict field validation (kubectl's default), rejects them.
  if (node.additionalProperties === false) delete node.additionalProperties;
  // JSON Schema's `examples` list is OpenAPI 3.0's single `example`.
  if (Array.isArray(node.examples) && node.examples.length > 0 && !('example' in node)) {
    node.example = node.examples[0];
  }
  for (const key of Object.keys(node)) {
    if (!JSON_SCHEMA_PROPS_KEYS.has(key)) delete node[key];
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
