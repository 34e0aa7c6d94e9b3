// Test support for the admission parity suites (admission-parity*.test.ts): every refinement of every battery and
// instance kind schema, with each example of its rule placed into the subject's example object from examples/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  API_GROUP,
  CATALOG,
  INSTANCE_KINDS,
  ITEMS,
  VALUES,
  formatSchemaPath,
  isIssueOf,
  schemaRefinements,
  type AdmissionRule,
  type CelValidation,
  type SchemaPath,
} from '@batteries-included/batteries';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { batteryManifestSchema } from './battery-manifest.js';
import { crdKind, crdName } from './crd-names.js';
import { allBatteryCrds, allInstanceCrds } from './index.js';
import { instanceManifestSchema } from './instance-manifest.js';
import type { OpenApiSchema } from './openapi-schema.js';

type Json = Record<string, unknown>;

/** What the parity suites check: a battery type or an instance kind, with its schema and example object. */
export interface AdmissionSubject {
  /** `redis` or `PostgresCluster`: names the subject in test output. */
  readonly name: string;
  readonly schema: z.ZodType;
  /** zod's schema for the whole object, applying the CRD's rules. */
  readonly manifestSchema: z.ZodType;
  /** The name of its CRD, which the API server must have established. */
  readonly crd: string;
  /** The file under examples/ whose first object of the subject's kind the examples are placed into. */
  readonly exampleFile: string;
  readonly kind: string;
}

// Instance kinds whose example sits in a file of several kinds.
const INSTANCE_EXAMPLE_FILES: Readonly<Record<string, string>> = {
  TraditionalService: 'services',
  KnativeService: 'services',
};

// What the examples leave out and the parity suites need: an entry in every list a rule sits inside. (Knative takes
// init containers only behind a feature flag, so the user-facing example has none.)
const ADDED_TO_EXAMPLE: Readonly<Record<string, Json>> = {
  KnativeService: { initContainers: [{ name: 'setup', image: 'busybox:1.37' }] },
};

/** Every battery and every instance kind of the catalog. */
export const ADMISSION_SUBJECTS: readonly AdmissionSubject[] = [
  ...CATALOG.map((battery) => ({
    name: battery.type,
    schema: battery.schema,
    manifestSchema: batteryManifestSchema(battery),
    crd: crdName(battery.type),
    exampleFile: `${battery.type}.yaml`,
    kind: crdKind(battery.type),
  })),
  ...INSTANCE_KINDS.map((definition) => ({
    name: definition.kind,
    schema: definition.schema,
    manifestSchema: instanceManifestSchema(definition),
    crd: `${definition.plural}.${API_GROUP}`,
    exampleFile: `instances/${INSTANCE_EXAMPLE_FILES[definition.kind] ?? kebab(definition.kind)}.yaml`,
    kind: definition.kind,
  })),
];

/** One example of one rule, placed into a valid object of its subject. */
export interface AdmissionCase {
  readonly subject: AdmissionSubject;
  /** `spec.env[*].name`: the refined node in the schema. */
  readonly node: string;
  readonly rule: AdmissionRule<never>;
  readonly verdict: 'accepted' | 'refused';
  readonly example: unknown;
  /** The field the rule's error names, as the API server and zod print it: `spec.env[0].name`. */
  readonly field: string;
  /** The object: the subject's example from examples/ with `example` at the node. */
  readonly object: Json;
  /** A line that names the case in test output. */
  readonly title: string;
}

/** Every refinement of every battery and instance kind, with its rule (undefined for a bare `.refine`). */
export function catalogRefinements() {
  return ADMISSION_SUBJECTS.flatMap((subject) =>
    schemaRefinements(subject.schema).map((refinement) => ({ subject, ...refinement })),
  );
}

/**
 * The cases of every declared rule: each accepted and each refused example in the subject's example object.
 * Throws when the example object has no list item where a rule inside a list sits (add one to the example).
 */
export function admissionCases(): AdmissionCase[] {
  return catalogRefinements().flatMap(({ subject, path, rule }) => {
    if (!rule) return [];
    const base = exampleObject(subject);
    const verdicts = [
      ...rule.examples.accepted.map((example) => ['accepted', example] as const),
      ...rule.examples.refused.map((example) => ['refused', example] as const),
    ];
    return verdicts.map(([verdict, example]) => {
      const object = structuredClone(base);
      const at = place(object, ['spec', ...path], example, subject);
      const field = fieldText(['spec', ...at, ...(rule.path ?? [])]);
      const node = formatSchemaPath(path);
      return {
        subject,
        node,
        rule,
        verdict,
        example,
        field,
        object,
        title: `${subject.name} ${node} ${verdict} ${JSON.stringify(example)}`,
      };
    });
  });
}

/**
 * The CEL validations the synthesized CRD of `subject` carries at `path` (the node a rule refines): what the API
 * server enforces there, whatever the schema declared.
 */
export function crdRulesAt(subject: AdmissionSubject, path: SchemaPath): CelValidation[] {
  const crd = [...allBatteryCrds(), ...allInstanceCrds()].find((c) => c.metadata.name === subject.crd);
  if (!crd) throw new Error(`no CRD ${subject.crd}`);
  let node: OpenApiSchema | undefined = crd.spec.versions[0]!.schema.openAPIV3Schema.properties?.spec;
  for (const segment of path) {
    if (segment === ITEMS) node = Array.isArray(node?.items) ? undefined : node?.items;
    else if (segment === VALUES)
      node = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    else node = node?.properties?.[segment];
  }
  return (node?.['x-kubernetes-validations'] ?? []) as CelValidation[];
}

/** One problem with a case's object, its field printed as the API server prints it (`spec.env[0].name`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** What zod says about a case's object, and which of it comes from the case's rule. */
export function zodProblems(testCase: AdmissionCase): (FieldProblem & { isOfRule: boolean })[] {
  const result = testCase.subject.manifestSchema.safeParse(testCase.object);
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

function exampleObject(subject: AdmissionSubject): Json {
  const path = fileURLToPath(new URL(`../../examples/${subject.exampleFile}`, import.meta.url));
  const object = parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1' })
    .map((document) => document.toJS() as Json)
    .find((document) => document.kind === subject.kind);
  if (!object) throw new Error(`examples/${subject.exampleFile} has no ${subject.kind}`);
  const added = ADDED_TO_EXAMPLE[subject.kind];
  return added ? { ...object, spec: { ...(object.spec as Json), ...added } } : object;
}

function kebab(kind: string): string {
  return kind.replace(/[A-Z]/g, (letter, at: number) => (at === 0 ? '' : '-') + letter.toLowerCase());
}

/**
 * Puts `example` at `path` in `object` (objects on the way are created; an object example is merged over the
 * object there) and returns the concrete path, list items as index 0.
 */
function place(
  object: Json,
  path: SchemaPath,
  example: unknown,
  subject: AdmissionSubject,
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
          `examples/${subject.exampleFile} has no entry in ${concrete.join('.')}: add one, so the admission parity ` +
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
