import {
  CATALOG,
  defineBattery,
  withAdmissionRule,
  type BatteryDefinition,
} from '@batteries-included/batteries';
import { z } from 'zod';
import { batteryCrd, nameRuleMessage } from './battery-crd.js';
import { CrdSchemaError } from './crd-schema-error.js';
import type { OpenApiSchema } from './openapi-schema.js';

const openApi = (battery: BatteryDefinition) => batteryCrd(battery).spec.versions[0]!.schema.openAPIV3Schema;
const specOf = (battery: BatteryDefinition) => openApi(battery).properties!.spec!;

/** Every property path under `schema`, walking objects, list items and map values (independent of the validator). */
function fields(schema: OpenApiSchema, path: string): [string, OpenApiSchema][] {
  const found: [string, OpenApiSchema][] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    found.push([`${path}.${name}`, child], ...fields(child, `${path}.${name}`));
  }
  if (schema.items && !Array.isArray(schema.items)) found.push(...fields(schema.items, `${path}[*]`));
  if (typeof schema.additionalProperties === 'object')
    found.push(...fields(schema.additionalProperties, `${path}{*}`));
  return found;
}

function fakeBattery(schema: z.ZodType, overrides: Partial<BatteryDefinition> = {}): BatteryDefinition {
  return defineBattery({
    type: 'fake-thing',
    group: 'data',
    name: 'Fake Thing',
    description: 'A battery made up for a test.',
    dependencies: [],
    integrations: [],
    uninstallable: true,
    shortName: 'fake',
    schema,
    chart: () => {
      throw new Error('not generated in CRD tests');
    },
    ...overrides,
  });
}

describe.each(CATALOG.map((battery) => [battery.type, battery] as const))('the %s CRD', (type, battery) => {
  const crd = batteryCrd(battery);
  const version = crd.spec.versions[0]!;
  const root = version.schema.openAPIV3Schema;

  it('is a cluster-scoped CRD in the batteries group, served and stored at v1alpha1', () => {
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.batteries.batteriesincl.com`);
    expect(crd.spec.group).toBe('batteries.batteriesincl.com');
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.versions).toHaveLength(1);
    expect(version).toMatchObject({
      name: 'v1alpha1',
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('is in the batteries category with the battery short name', () => {
    expect(crd.spec.names.categories).toEqual(['batteries']);
    expect(crd.spec.names.shortNames).toEqual([battery.shortName]);
    expect(crd.spec.names.singular).toBe(crd.spec.names.kind.toLowerCase());
    expect(crd.spec.names.listKind).toBe(`${crd.spec.names.kind}List`);
  });

  it('admits only the object named after the type, with a CEL rule on the root', () => {
    expect(root['x-kubernetes-validations']).toContainEqual({
      rule: `self.metadata.name == '${type}'`,
      message: nameRuleMessage(type),
      fieldPath: '.metadata.name',
    });
    expect(nameRuleMessage(type)).toBe(
      `metadata.name must be "${type}": there is exactly one ${crd.spec.names.kind} per cluster and its name is its type`,
    );
  });

  it('describes every field of the spec and status', () => {
    const undescribed = [...fields(specOf(battery), 'spec'), ...fields(root.properties!.status!, 'status')]
      .filter(([, field]) => !field.description?.trim())
      .map(([path]) => path)
      .filter((path) => !/(\[\*\]|\{\*\})$/.test(path));
    expect(undescribed).toEqual([]);
    for (const node of [root, root.properties!.spec!, root.properties!.status!])
      expect(node.description).toBeTruthy();
  });

  it('defaults an absent spec to one the zod schema accepts and that equals its own defaults', () => {
    const spec = root.properties!.spec!;
    // A schema that accepts {} gets it as the CRD default (and spec is optional); one that does not, neither.
    const acceptsEmpty = battery.schema.safeParse({}).success;
    expect({
      default: acceptsEmpty ? battery.schema.parse(spec.default) : spec.default,
      isSpecRequired: (root.required ?? []).includes('spec'),
    }).toEqual({
      default: acceptsEmpty ? battery.schema.parse({}) : undefined,
      isSpecRequired: !acceptsEmpty,
    });
  });

  it('carries a transition rule for each immutable field', () => {
    const rules = JSON.stringify(specOf(battery));
    for (const path of battery.immutableFields ?? []) {
      expect(rules).toContain(`"message":"${path} cannot be changed after creation"`);
    }
  });

  it('has a status subresource schema with conditions as a map keyed by type', () => {
    const conditions = root.properties!.status!.properties!.conditions!;
    expect(conditions['x-kubernetes-list-type']).toBe('map');
    expect(conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
    const condition = conditions.items as OpenApiSchema;
    expect(condition.required).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
    expect(condition.properties!.status!.enum).toEqual(['True', 'False', 'Unknown']);
    expect(Object.keys(root.properties!.status!.properties!).sort()).toEqual(
      ['conditions', 'lastSnapshot', 'message', 'observedGeneration', 'resources'].sort(),
    );
    expect(Object.keys(root.properties!.status!.properties!.resources!.properties!).sort()).toEqual([
      'applied',
      'desired',
      'failed',
    ]);
  });

  it('prints Ready, Resources and Age columns', () => {
    expect(
      version.additionalPrinterColumns.map(({ name, type, jsonPath }) => ({ name, type, jsonPath })),
    ).toEqual([
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Resources', type: 'integer', jsonPath: '.status.resources.applied' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
  });

  it('renders the same object with sorted keys every time', () => {
    const again = batteryCrd(battery);
    expect(JSON.stringify(again)).toBe(JSON.stringify(crd));
    const spec = JSON.stringify(specOf(battery));
    const sortedCopy = JSON.stringify(JSON.parse(spec), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
        : value,
    );
    expect(spec).toBe(sortedCopy);
  });
});

describe('batteryCrd', () => {
  it('names kind, plural and singular from the type', () => {
    const names = batteryCrd(fakeBattery(z.object({}).meta({ description: 'Nothing.' }))).spec.names;
    expect(names).toMatchObject({
      kind: 'FakeThingBattery',
      plural: 'fakethingbatteries',
      singular: 'fakethingbattery',
    });
  });

  it('requires the spec when the battery schema has a required field', () => {
    const schema = z
      .object({ host: z.string().meta({ description: 'Host.' }) })
      .meta({ description: 'Spec.' });
    const root = openApi(fakeBattery(schema));
    expect(root.required).toEqual(['spec']);
    expect(root.properties!.spec!.default).toBeUndefined();
  });

  it('completes the spec default so CEL rules on the spec can read defaulted fields', () => {
    const schema = z
      .object({
        replicas: z.int().min(1).default(2).meta({ description: 'Pods.' }),
        quorum: z.int().min(1).default(1).meta({ description: 'Quorum.' }),
      })
      .meta({ description: 'Spec.', 'x-kubernetes-validations': [{ rule: 'self.quorum <= self.replicas' }] });
    expect(specOf(fakeBattery(schema)).default).toEqual({ replicas: 2, quorum: 1 });
  });

  it('throws CrdSchemaError listing every problem of a schema that cannot be a CRD', () => {
    const schema = z
      .object({
        either: z.union([z.string(), z.number()]).meta({ description: 'Union.' }),
        bare: z.string(),
      })
      .meta({ description: 'Spec.' });
    let caught: unknown;
    try {
      batteryCrd(fakeBattery(schema));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CrdSchemaError);
    const error = caught as CrdSchemaError;
    expect(error.battery).toBe('fake-thing');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^spec\.either: has no type/),
        'spec.bare: has no description',
      ]),
    );
    expect(error.message).toMatch(/^battery "fake-thing": its schema cannot be a CRD schema:\n {2}- /);
  });

  it('throws CrdSchemaError when an immutable field is not in the schema', () => {
    const schema = z
      .object({ zone: z.string().meta({ description: 'Zone.' }) })
      .meta({ description: 'Spec.' });
    expect(() => batteryCrd(fakeBattery(schema, { immutableFields: ['region'] }))).toThrow(
      /battery "fake-thing".*\n.*"region" is not a field of the spec/,
    );
  });

  it('refuses a zod refinement without a CEL rule, and emits the rule of one declared with withAdmissionRule', () => {
    const even = z.int().meta({ description: 'An even number.' });
    const bare = z.object({ count: even.refine((n) => n % 2 === 0) }).meta({ description: 'Spec.' });
    expect(() => batteryCrd(fakeBattery(bare))).toThrow(
      /spec\.count: a zod refinement without a CEL rule; declare it with withAdmissionRule/,
    );
    const declared = z
      .object({
        count: withAdmissionRule(even, {
          accepts: (n) => n % 2 === 0,
          cel: 'self % 2 == 0',
          message: 'must be even, such as 2 or 4',
          examples: { accepted: [2], refused: [3] },
        }),
      })
      .meta({ description: 'Spec.' });
    expect(specOf(fakeBattery(declared)).properties!.count!['x-kubernetes-validations']).toEqual([
      { rule: 'self % 2 == 0', message: 'must be even, such as 2 or 4' },
    ]);
  });

  it('rejects a short name kubectl could not use', () => {
    const schema = z.object({}).meta({ description: 'Nothing.' });
    expect(() => batteryCrd(fakeBattery(schema, { shortName: 'Fake_Thing' }))).toThrow(
      /shortName "Fake_Thing"/,
    );
  });
});
