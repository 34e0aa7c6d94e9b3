import type { OpenApiSchema, ValidationRule } from './openapi-schema.js';

/** CEL words Kubernetes escapes as `__word__` when they name a property. */
const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]); // prettier-ignore

/**
 * Adds one CEL transition rule per immutable field (dot paths into the spec) to a copy of `spec`.
 *
 * A transition rule only runs when the value exists in both the old and the new object. So:
 * - a field that is always present (every step from `spec` down is required or has a default, which the
 *   API server applies before validation) gets `self == oldSelf` on the field itself;
 * - a field that may be absent gets the rule on its nearest always-present ancestor, comparing presence as
 *   well as value, so that setting or removing it after creation is caught too (`fieldPath` still points
 *   the error at the field). `optionalOldSelf` on the field itself would not do: it lets the rule see an
 *   absent *old* value, but a rule is never evaluated where the *new* value is absent, so removing the
 *   field would pass, and on the field it cannot tell creation from a later update.
 *
 * Throws a RangeError naming the path when it is not a chain of object properties in the schema.
 * @example immutableFieldRules(spec, ['clusterType', 'namespaces'])
 */
export function immutableFieldRules(spec: OpenApiSchema, paths: readonly string[]): OpenApiSchema {
  const copy = structuredClone(spec);
  for (const path of paths) addRule(copy, path);
  return copy;
}

/** The message the API server returns when an immutable field is changed. */
export function immutableFieldMessage(path: string): string {
  return `${path} cannot be changed after creation`;
}

function addRule(spec: OpenApiSchema, path: string): void {
  const segments = path.split('.');
  let node = spec;
  let anchor = spec;
  let relative: string[] = [];
  let isAlwaysPresent = true;
  segments.forEach((segment, index) => {
    const child = node.properties?.[segment];
    if (node.type !== 'object' || child === undefined) {
      const parent = segments.slice(0, index).join('.') || 'spec';
      throw new RangeError(
        `immutableFields: "${path}" is not a field of the spec: ${parent} has no property "${segment}"` +
          ' (paths are dot-separated object properties; lists and maps cannot be entered)',
      );
    }
    isAlwaysPresent &&= (node.required ?? []).includes(segment) || child.default !== undefined;
    relative.push(segment);
    if (isAlwaysPresent) {
      anchor = child;
      relative = [];
    }
    node = child;
  });

  const message = immutableFieldMessage(path);
  const rule: ValidationRule =
    relative.length === 0
      ? { rule: 'self == oldSelf', message }
      : { rule: presenceAndValueRule(relative), message, fieldPath: fieldPath(relative) };
  anchor['x-kubernetes-validations'] = [...(anchor['x-kubernetes-validations'] ?? []), rule];
}

/** `has(self.a) && has(self.a.b)` compared between self and oldSelf, then the values when present. */
function presenceAndValueRule(relative: readonly string[]): string {
  const presence = (root: string) =>
    relative.map((_, index) => `has(${root}.${celPath(relative.slice(0, index + 1))})`).join(' && ');
  const value = (root: string) => `${root}.${celPath(relative)}`;
  return (
    `(${presence('self')}) == (${presence('oldSelf')}) && ` +
    `(!(${presence('self')}) || ${value('self')} == ${value('oldSelf')})`
  );
}

function celPath(segments: readonly string[]): string {
  return segments.map(celIdentifier).join('.');
}

/** How Kubernetes CEL names a property (apiextensions escaping rules). */
export function celIdentifier(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) {
    throw new RangeError(`property "${name}" cannot be named in a CEL rule`);
  }
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

function fieldPath(segments: readonly string[]): string {
  return segments
    .map((segment) => (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(segment) ? `.${segment}` : `['${segment}']`))
    .join('');
}
