import type { OpenApiSchema } from './openapi-schema.js';

/** Keys apiextensions.k8s.io/v1 rejects anywhere in a CRD schema. */
const FORBIDDEN_KEYS = [
  '$ref',
  'definitions',
  'dependencies',
  'patternProperties',
  'additionalItems',
  'id',
] as const;
/** Keys that are not structural inside anyOf / oneOf / allOf / not (they must sit on the node itself). */
const FORBIDDEN_IN_JUNCTORS = ['type', 'default', 'description', 'nullable', 'additionalProperties'] as const;
const JUNCTORS = ['anyOf', 'oneOf', 'allOf'] as const;

/**
 * Lists what keeps `schema` from being a structural schema Kubernetes accepts in a CRD, plus the house
 * rule that every field is described (the console and `kubectl explain` show the descriptions). Each
 * problem reads `<path>: <what is wrong>`, with paths like `spec.namespaces.core` or `spec.pools[*]`.
 * An empty list means the schema is fine.
 *
 * @example structuralProblems({ type: 'object', properties: { size: { type: 'string' } } })
 *   // → ['size: has no description']
 */
export function structuralProblems(schema: OpenApiSchema, path = ''): string[] {
  return checkNode(schema, path, { isInJunctor: false, isUncorrelatable: false });
}

interface Position {
  /** Inside anyOf/oneOf/allOf/not, where only value validations may appear. */
  readonly isInJunctor: boolean;
  /** Below an array whose items the API server cannot match up between old and new (not a list-type map). */
  readonly isUncorrelatable: boolean;
}

function checkNode(node: OpenApiSchema, path: string, position: Position): string[] {
  const at = path || '<root>';
  const problems: string[] = [];
  for (const key of FORBIDDEN_KEYS) {
    if (node[key] !== undefined) problems.push(`${at}: ${key} is not allowed in a structural schema`);
  }
  if ((node.type as unknown) === 'null') problems.push(`${at}: type null is not allowed; use nullable: true`);
  if (Array.isArray(node.type)) problems.push(`${at}: type must be one string, not a list`);
  if (node.uniqueItems === true)
    problems.push(`${at}: uniqueItems: true is not allowed; use x-kubernetes-list-type: set`);

  const hasProperties = node.properties !== undefined && Object.keys(node.properties).length > 0;
  if (hasProperties && node.additionalProperties !== undefined) {
    problems.push(`${at}: additionalProperties and properties may not be used together`);
  }
  const isTypeExempt =
    node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
  if (!position.isInJunctor && node.type === undefined && !isTypeExempt) {
    problems.push(
      `${at}: has no type (only x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields may omit it)`,
    );
  }
  if (position.isInJunctor) {
    for (const key of FORBIDDEN_IN_JUNCTORS) {
      if (node[key] !== undefined) problems.push(`${at}: ${key} is not allowed inside anyOf/oneOf/allOf/not`);
    }
  }
  if (
    position.isUncorrelatable &&
    (node['x-kubernetes-validations'] ?? []).some((rule) => /\boldSelf\b/.test(rule.rule))
  ) {
    problems.push(
      `${at}: a transition rule (oldSelf) cannot sit inside a list that is not x-kubernetes-list-type: map`,
    );
  }

  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${name}` : name;
    // The API server owns ObjectMeta's schema at the root; a CRD may say nothing about it but its type.
    if (path === '' && name === 'metadata') {
      problems.push(...rootMetadataProblems(child));
      continue;
    }
    if (!position.isInJunctor && !child.description?.trim())
      problems.push(`${childPath}: has no description`);
    problems.push(...checkNode(child, childPath, position));
  }
  if (typeof node.additionalProperties === 'object') {
    problems.push(...checkNode(node.additionalProperties, `${path}{*}`, position));
  }
  if (Array.isArray(node.items)) {
    problems.push(`${at}: items must be one schema, not a list (tuples are not structural)`);
  } else if (node.items !== undefined) {
    const isCorrelatable = node['x-kubernetes-list-type'] === 'map';
    problems.push(
      ...checkNode(node.items, `${path}[*]`, {
        ...position,
        isUncorrelatable: position.isUncorrelatable || !isCorrelatable,
      }),
    );
  }
  for (const junctor of JUNCTORS) {
    (node[junctor] ?? []).forEach((branch, index) => {
      problems.push(...checkNode(branch, `${path}.${junctor}[${index}]`, { ...position, isInJunctor: true }));
    });
  }
  if (node.not !== undefined)
    problems.push(...checkNode(node.not, `${path}.not`, { ...position, isInJunctor: true }));
  return problems;
}

/** At the root, metadata may only be `{type: object}`, optionally declaring `name`/`generateName` as strings. */
function rootMetadataProblems(metadata: OpenApiSchema): string[] {
  const found = Object.keys(metadata).filter((key) => key !== 'type' && key !== 'properties');
  for (const [name, property] of Object.entries(metadata.properties ?? {})) {
    if (name !== 'name' && name !== 'generateName') found.push(`properties.${name}`);
    else
      found.push(
        ...Object.keys(property)
          .filter((key) => key !== 'type')
          .map((key) => `${name}.${key}`),
      );
  }
  if (found.length === 0) return [];
  return [
    `metadata: the API server owns its schema; only {type: object} and name/generateName types are allowed (found ${found.join(', ')})`,
  ];
}
