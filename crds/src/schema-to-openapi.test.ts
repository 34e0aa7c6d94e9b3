import { z } from 'zod';
import { schemaToOpenApi, structuralOverride } from './schema-to-openapi.js';

describe('schemaToOpenApi', () => {
  it('keeps the int-or-string extension and drops the union zod emits for it', () => {
    const port = z
      .union([z.int(), z.string()])
      .meta({ 'x-kubernetes-int-or-string': true, description: 'Port.' });
    expect(schemaToOpenApi(port)).toEqual({ 'x-kubernetes-int-or-string': true, description: 'Port.' });
  });

  it('drops additionalProperties: {} under x-kubernetes-preserve-unknown-fields', () => {
    const values = z.looseObject({ name: z.string() }).meta({ 'x-kubernetes-preserve-unknown-fields': true });
    const converted = schemaToOpenApi(values);
    expect(converted).not.toHaveProperty('additionalProperties');
    expect(converted['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(converted.properties).toEqual({ name: { type: 'string' } });
  });

  it('drops the safe-integer bounds of a bare z.int() but keeps bounds the schema asks for', () => {
    const converted = schemaToOpenApi(
      z.object({ bare: z.int(), floor: z.int().min(1), range: z.int().min(1).max(98), int32: z.int32() }),
    );
    expect(converted.properties?.bare).toEqual({ type: 'integer' });
    expect(converted.properties?.floor).toEqual({ type: 'integer', minimum: 1 });
    expect(converted.properties?.range).toEqual({ type: 'integer', minimum: 1, maximum: 98 });
    expect(converted.properties?.int32).toEqual({
      type: 'integer',
      minimum: -2147483648,
      maximum: 2147483647,
    });
  });

  it('drops the additionalProperties: false that .strict() emits next to properties', () => {
    const converted = schemaToOpenApi(z.object({ a: z.string() }).strict());
    expect(converted).toEqual({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
  });

  it('keeps a map as additionalProperties with a typed value', () => {
    const converted = schemaToOpenApi(z.record(z.string(), z.string()));
    expect(converted).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
  });

  it('turns examples into the single OpenAPI example and strips keys JSONSchemaProps does not have', () => {
    const size = z
      .string()
      .meta({ description: 'Size.', examples: ['10Gi', '1Ti'], deprecated: true, $comment: 'x' });
    expect(schemaToOpenApi(size)).toEqual({ type: 'string', description: 'Size.', example: '10Gi' });
  });

  it('converts the input type: defaulted fields are not required and keep their default', () => {
    const converted = schemaToOpenApi(
      z.object({
        replicas: z.int().min(1).default(1),
        name: z.string(),
        mode: z.enum(['a', 'b']).optional(),
      }),
    );
    expect(converted.required).toEqual(['name']);
    expect(converted.properties?.replicas).toEqual({ type: 'integer', minimum: 1, default: 1 });
    expect(converted.properties?.mode).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('passes CEL validations from .meta() through unchanged', () => {
    const rule = { rule: 'self >= oldSelf', message: 'may not shrink' };
    const converted = schemaToOpenApi(z.int().meta({ 'x-kubernetes-validations': [rule] }));
    expect(converted['x-kubernetes-validations']).toEqual([rule]);
  });

  it('leaves forbidden constructs in place for structuralProblems to report', () => {
    const node: Record<string, unknown> = {
      $ref: '#/definitions/X',
      patternProperties: {},
      uniqueItems: true,
    };
    structuralOverride(node);
    expect(node).toEqual({ $ref: '#/definitions/X', patternProperties: {}, uniqueItems: true });
  });
});
