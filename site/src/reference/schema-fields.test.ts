import type { OpenApiSchema } from '@batteries-included/crds';
import { QUANTITY_PATTERN } from '@batteries-included/batteries';
import { schemaFields } from './schema-fields.js';

const schema: OpenApiSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 63, description: 'The name.' },
    replicas: { type: 'integer', minimum: 1, maximum: 9, default: 1 },
    size: { type: 'string', pattern: QUANTITY_PATTERN, default: '1Gi' },
    mode: { type: 'string', enum: ['a', 'b'] },
    settings: {
      type: 'object',
      properties: { inner: { type: 'string' } },
      'x-kubernetes-validations': [
        {
          rule: '(has(self.inner)) == (has(oldSelf.inner))',
          message: 'settings.inner is fixed',
          fieldPath: '.inner',
        },
      ],
    },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    volumes: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' } } } },
  },
  'x-kubernetes-validations': [
    { rule: 'self.replicas <= 5 || has(self.mode)', message: 'many replicas need a mode' },
  ],
};

describe('schemaFields', () => {
  const { fields, rootRules } = schemaFields(schema);
  const field = (path: string) => fields.find((f) => f.path === path)!;

  it('lists every field with list items as [] and keeps map values as a type', () => {
    expect(fields.map((f) => f.path)).toEqual([
      'name',
      'replicas',
      'size',
      'mode',
      'settings',
      'settings.inner',
      'labels',
      'volumes',
      'volumes[].path',
    ]);
    expect(field('labels').type).toBe('map of string');
    expect(field('volumes').type).toBe('list of object');
  });

  it('states requiredness, defaults, ranges, enums and quantity units', () => {
    expect(field('name')).toMatchObject({
      isRequired: true,
      range: 'length at most 63',
      description: 'The name.',
    });
    expect(field('replicas')).toMatchObject({ isRequired: false, default: '1', range: '1 to 9' });
    expect(field('size')).toMatchObject({ type: 'quantity', default: '"1Gi"' });
    expect(field('size').units).toContain('Kubernetes quantity');
    expect(field('size').pattern).toBeUndefined();
    expect(field('mode').enum).toEqual(['a', 'b']);
  });

  it('puts a rule anchored on a parent with a fieldPath on the field it names, as a transition rule', () => {
    expect(field('settings.inner').transitionRules.map((r) => r.message)).toEqual([
      'settings.inner is fixed',
    ]);
    expect(field('settings').transitionRules).toEqual([]);
  });

  it('returns rules on the root apart', () => {
    expect(rootRules.map((r) => r.message)).toEqual(['many replicas need a mode']);
  });
});
