// Test support for the admission parity suites (admission-parity*.test.ts): every refinement of every battery
// schema, with each example of its rule placed into the battery's example object from examples/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CATALOG,
  ITEMS,
  VALUES,
  formatSchemaPath,
  isIssueOf,
  schemaRefinements,
  type AdmissionRule,
  type BatteryDefinition,
  type SchemaPath,
} from '@batteries-included/batteries';
import { parse } from 'yaml';
import { batteryManifestSchema } from './battery-manifest.js';

type Json = Record<string, unknown>;

/** One example of one rule, placed into a valid Battery object. */
export interface AdmissionCase {
  readonly battery: BatteryDefinition;
  /** `spec.env[*].name`: the refined node in the schema. */
  readonly node: string;
  readonly rule: AdmissionRule<never>;
  readonly verdict: 'accepted' | 'refused';
  readonly example: unknown;
  /** The field the rule's error names, as the API server and zod print it: `spec.env[0].name`. */
  readonly field: string;
  /** The Battery object: the battery's example from examples/ with `example` at the node. */
  readonly object: Json;
  /** A line that names the case in test output. */
  readonly title: string;
}

/** Every refinement of every battery, with its rule (undefined for a bare `.refine`). */
export function catalogRefinements() {
  return CATALOG.flatMap((battery) =>
    schemaRefinements(battery.schema).map((refinement) => ({ battery, ...refinement })),
  );
}

/**
 * The cases of every declared rule: each accepted and each refused example in the battery's example object.
 * Throws when the example object has no list item where a rule inside a list sits (add one to the example).
 */
export function admissionCases(): AdmissionCase[] {
  return catalogRefinements().flatMap(({ battery, path, rule }) => {
    if (!rule) return [];
    const base = exampleObject(battery);
    const verdicts = [
      ...rule.examples.accepted.map((example) => ['accepted', example] as const),
      ...rule.examples.refused.map((example) => ['refused', example] as const),
    ];
    return verdicts.map(([verdict, example]) => {
      const object = structuredClone(base);
      const at = place(object, ['spec', ...path], example, battery);
      const field = fieldText(['spec', ...at, ...(rule.path ?? [])]);
      const node = formatSchemaPath(path);
      return {
        battery,
        node,
        rule,
        verdict,
        example,
        field,
        object,
        title: `${battery.type} ${node} ${verdict} ${JSON.stringify(example)}`,
      };
    });
  });
}

/** One problem with a case's object, its field printed as the API server prints it (`spec.env[0].name`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** What zod says about a case's object, and which of it comes from the case's rule. */
export function zodProblems(testCase: AdmissionCase): (FieldProblem & { isOfRule: boolean })[] {
  const result = batteryManifestSchema(testCase.battery).safeParse(testCase.object);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: fieldText(issue.path),
    message: issue.message,
    isOfRule: isIssueOf(issue, testCase.rule),
  }));
}

/**
 * The problems in kubectl's answer to an invalid object (`The X "y" is invalid: spec.a: Invalid value: "string":
 * message`, or one `* ...` line per problem), without the reason and the type the API server puts before the
 * message. Empty when kubectl answered anything else.
 */
export function apiProblems(kubectlError: string): FieldProblem[] {
  const body = /is invalid: ([\s\S]*)$/.exec(kubectlError)?.[1] ?? '';
  return body
    .split('\n')
    .map((line) => line.replace(/^\* /, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match =
        /^(\S+): (?:Invalid value: (?:"[^"]*"|\S+): |Forbidden: |Required value: |Unsupported value: )?(.*)$/.exec(
          line,
        );
      return match ? { field: match[1]!, message: match[2]! } : { field: '', message: line };
    });
}

function fieldText(path: readonly PropertyKey[]): string {
  return path
    .reduce<string>(
      (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${String(segment)}`),
      '',
    )
    .slice(1);
}

function exampleObject(battery: BatteryDefinition): Json {
  const path = fileURLToPath(new URL(`../../examples/${battery.type}.yaml`, import.meta.url));
  return parse(readFileSync(path, 'utf8'), { version: '1.1' }) as Json;
}

/**
 * Puts `example` at `path` in `object` (objects on the way are created; an object example is merged over the
 * object there) and returns the concrete path, list items as index 0.
 */
function place(
  object: Json,
  path: SchemaPath,
  example: unknown,
  battery: BatteryDefinition,
): (string | number)[] {
  const concrete: (string | number)[] = [];
  let parent: Json | unknown[] = object;
  let key: string | number = path[0]!;
  concrete.push(key);
  for (const segment of path.slice(1)) {
    const container: unknown = (parent as Json)[key as string] ?? (segment === ITEMS ? [] : {});
    (parent as Json)[key as string] = container;
    if (segment === ITEMS || segment === VALUES) {
      const keys = Object.keys(container as object);
      if (keys.length === 0) {
        throw new Error(
          `examples/${battery.type}.yaml has no entry in ${concrete.join('.')}: add one, so the admission parity ` +
            'test can put the examples of a rule inside it',
        );
      }
      key = Array.isArray(container) ? 0 : keys[0]!;
    } else {
      key = segment;
    }
    parent = container as Json;
    concrete.push(key);
  }
  const current = (parent as Json)[key as string];
  (parent as Json)[key as string] =
    isObject(example) && isObject(current) ? merge(current, example) : example;
  return concrete.slice(1);
}

function merge(base: Json, over: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isObject(value) && isObject(current) ? merge(current, value) : value;
  }
  return merged;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
