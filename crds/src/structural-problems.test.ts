import { z } from 'zod';
import type { OpenApiSchema } from './openapi-schema.js';
import { schemaToOpenApi } from './schema-to-openapi.js';
import { structuralProblems } from './structural-problems.js';

const described = (schema: OpenApiSchema): OpenApiSchema => ({ description: 'A field.', ...schema });
/** An object whose one field `x` is `field`. */
const withField = (field: OpenApiSchema): OpenApiSchema => ({
  type: 'object',
  properties: { x: described(field) },
});

describe('structuralProblems', () => {
  it('finds nothing wrong in a typed, described schema', () => {
    const schema = withField({
      type: 'object',
      properties: {
        size: described({ type: 'string', pattern: '^[0-9]+Gi$' }),
        labels: described({ type: 'object', additionalProperties: { type: 'string' } }),
        pools: described({ type: 'array', items: { type: 'string' } }),
        port: described({ 'x-kubernetes-int-or-string': true }),
        values: described({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
      },
    });
    expect(structuralProblems(schema)).toEqual([]);
  });

  it('requires a type on every property', () => {
    expect(structuralProblems(withField({}))).toEqual([expect.stringMatching(/^x: has no type/)]);
  });

  it('requires a type on list items and map values', () => {
    expect(structuralProblems(withField({ type: 'array', items: {} }))).toEqual([
      expect.stringMatching(/^x\[\*\]: has no type/),
    ]);
    expect(structuralProblems(withField({ type: 'object', additionalProperties: {} }))).toEqual([
      expect.stringMatching(/^x\{\*\}: has no type/),
    ]);
  });

  it('lets int-or-string and preserve-unknown-fields nodes omit the type', () => {
    expect(structuralProblems(withField({ 'x-kubernetes-int-or-string': true }))).toEqual([]);
    expect(structuralProblems(withField({ 'x-kubernetes-preserve-unknown-fields': true }))).toEqual([]);
  });

  it.each([
    ['$ref', { $ref: '#/definitions/Spec' }],
    ['definitions', { type: 'object', definitions: { Spec: { type: 'object' } } }],
    ['patternProperties', { type: 'object', patternProperties: { '^a': { type: 'string' } } }],
    ['dependencies', { type: 'object', dependencies: { a: ['b'] } }],
    ['additionalItems', { type: 'array', items: { type: 'string' }, additionalItems: false }],
    ['id', { type: 'string', id: 'x' }],
  ] as [string, OpenApiSchema][])('rejects %s', (key, field) => {
    expect(structuralProblems(withField(field))).toContain(`x: ${key} is not allowed in a structural schema`);
  });

  it('rejects type: null', () => {
    expect(structuralProblems(withField({ type: 'null' }))).toContain(
      'x: type null is not allowed; use nullable: true',
    );
  });

  it('rejects uniqueItems: true', () => {
    expect(
      structuralProblems(withField({ type: 'array', items: { type: 'string' }, uniqueItems: true })),
    ).toEqual([expect.stringMatching(/^x: uniqueItems: true is not allowed/)]);
  });

  it('rejects additionalProperties next to properties', () => {
    const field: OpenApiSchema = {
      type: 'object',
      properties: { a: described({ type: 'string' }) },
      additionalProperties: { type: 'string' },
    };
    expect(structuralProblems(withField(field))).toEqual([
      'x: additionalProperties and properties may not be used together',
    ]);
  });

  it('requires a description on every field, at any depth', () => {
    const schema: OpenApiSchema = {
      type: 'object',
      properties: { outer: { type: 'object', properties: { inner: { type: 'string', description: '  ' } } } },
    };
    expect(structuralProblems(schema)).toEqual([
      'outer: has no description',
      'outer.inner: has no description',
    ]);
  });

  it('rejects type, default and description inside anyOf (and reports the missing type outside)', () => {
    const field: OpenApiSchema = {
      anyOf: [
        { type: 'string', description: 'a' },
        { type: 'integer', default: 1 },
      ],
    };
    expect(structuralProblems(withField(field))).toEqual([
      expect.stringMatching(/^x: has no type/),
      'x.anyOf[0]: type is not allowed inside anyOf/oneOf/allOf/not',
      'x.anyOf[0]: description is not allowed inside anyOf/oneOf/allOf/not',
      'x.anyOf[1]: type is not allowed inside anyOf/oneOf/allOf/not',
      'x.anyOf[1]: default is not allowed inside anyOf/oneOf/allOf/not',
    ]);
  });

  it('rejects tuples', () => {
    expect(structuralProblems(withField({ type: 'array', items: [{ type: 'string' }] }))).toEqual([
      expect.stringMatching(/^x: items must be one schema/),
    ]);
  });

  it('rejects a transition rule inside a list the API server cannot correlate, but not inside a list-type map', () => {
    const item: OpenApiSchema = {
      type: 'object',
      required: ['name'],
      properties: {
        name: described({ type: 'string' }),
        size: described({ type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] }),
      },
    };
    expect(structuralProblems(withField({ type: 'array', items: item }))).toEqual([
      expect.stringMatching(/^x\[\*\]\.size: a transition rule \(oldSelf\)/),
    ]);
    const map: OpenApiSchema = {
      type: 'array',
      items: item,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    };
    expect(structuralProblems(withField(map))).toEqual([]);
  });

  it('allows only {type: object} and a name type for metadata at the root', () => {
    expect(structuralProblems({ type: 'object', properties: { metadata: { type: 'object' } } })).toEqual([]);
    const named: OpenApiSchema = { type: 'object', properties: { name: { type: 'string' } } };
    expect(structuralProblems({ type: 'object', properties: { metadata: named } })).toEqual([]);
    const described: OpenApiSchema = { type: 'object', description: 'Metadata.' };
    expect(structuralProblems({ type: 'object', properties: { metadata: described } })).toEqual([
      expect.stringMatching(/^metadata: the API server owns its schema.*found description/),
    ]);
  });

  it('reports what zod emits for schemas a CRD cannot express', () => {
    const schema = z
      .object({
        either: z.union([z.string(), z.int()]).meta({ description: 'A union.' }),
        shared: z
          .object({ a: z.string().meta({ description: 'A.' }) })
          .meta({ id: 'Shared', description: 'Reused.' }),
      })
      .meta({ description: 'Spec.' });
    const problems = structuralProblems(schemaToOpenApi(schema));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^either: has no type/),
        expect.stringMatching(/\$ref is not allowed/),
        expect.stringMatching(/definitions is not allowed/),
      ]),
    );
  });
});
