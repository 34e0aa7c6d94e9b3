import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from './errors.js';

export type Spec = Record<string, unknown>;

/**
 * Parses one `--set path=value`: the path is dot-separated (`resources.limits.memory`), the value a YAML scalar
 * or flow value (`2` is a number, `true` a boolean, `"2"` a string, `[a, b]` a list).
 * @example parseSetFlag('replicas=2') // { path: ['replicas'], value: 2 }
 */
export function parseSetFlag(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidInputError(`--set ${text}: expected path=value, e.g. --set storageSize=16Gi`);
  const path = text.slice(0, eq).split('.');
  if (path.some((p) => p === '')) throw new InvalidInputError(`--set ${text}: the path has an empty segment`);
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = raw === '' ? '' : parseYaml(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

/** A copy of `spec` with `value` at `path`, creating objects on the way. */
export function setPath(spec: Spec, path: readonly string[], value: unknown): Spec {
  const result = structuredClone(spec);
  let node: Spec = result;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Spec;
  });
  node[path[path.length - 1]!] = value;
  return result;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/**
 * Fields of `value` the schema does not know, each named with its path and the fields that are known — the
 * battery schemas that are not `.strict()` would otherwise let a typo through (and the API server prune it).
 */
export function unknownFields(schema: z.ZodType, value: unknown): string[] {
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const issues: string[] = [];
  const walk = (node: JsonSchema | undefined, at: unknown, path: string[]) => {
    if (!node || typeof at !== 'object' || at === null) return;
    for (const branch of [...(node.anyOf ?? []), ...(node.allOf ?? [])]) walk(branch, at, path);
    if (Array.isArray(at)) {
      at.forEach((item, i) => walk(node.items, item, [...path, String(i)]));
      return;
    }
    if (!node.properties || node['x-kubernetes-preserve-unknown-fields']) {
      if (typeof node.additionalProperties === 'object') {
        for (const [key, child] of Object.entries(at)) walk(node.additionalProperties, child, [...path, key]);
      }
      return;
    }
    const known = Object.keys(node.properties);
    for (const [key, child] of Object.entries(at as Record<string, unknown>)) {
      if (node.properties[key]) walk(node.properties[key], child, [...path, key]);
      else if (!node.additionalProperties) {
        issues.push(`${[...path, key].join('.')}: unknown field; known fields here: ${known.join(', ')}`);
      }
    }
  };
  walk(json, value, []);
  return issues;
}

/** Reads a values file (YAML or JSON) that must hold one object. */
export function parseValuesFile(text: string, source: string): Spec {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new InvalidInputError(`${source}: not YAML: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new InvalidInputError(`${source}: expected a mapping of spec fields`);
  return value as Spec;
}
