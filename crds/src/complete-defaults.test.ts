import { applyDefaults, completeDefaults } from './complete-defaults.js';
import type { OpenApiSchema } from './openapi-schema.js';

const spec: OpenApiSchema = {
  type: 'object',
  default: {},
  properties: {
    replicas: { type: 'integer', default: 1 },
    name: { type: 'string' },
    namespaces: {
      type: 'object',
      default: {},
      properties: {
        core: { type: 'string', default: 'battery-core' },
        data: { type: 'string', default: 'battery-data' },
      },
    },
    image: {
      type: 'object',
      default: { repository: 'redis' },
      properties: { repository: { type: 'string' }, tag: { type: 'string', default: '8' } },
    },
    users: {
      type: 'array',
      items: { type: 'object', properties: { role: { type: 'string', default: 'viewer' } } },
    },
    limits: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 5 } } },
    },
  },
};

describe('completeDefaults', () => {
  it('fills the nested defaults into every object default, as the API server would at runtime', () => {
    const result = completeDefaults(spec);
    expect(result.default).toEqual({
      replicas: 1,
      namespaces: { core: 'battery-core', data: 'battery-data' },
      image: { repository: 'redis', tag: '8' },
    });
    expect(result.properties!.namespaces!.default).toEqual({ core: 'battery-core', data: 'battery-data' });
    expect(result.properties!.image!.default).toEqual({ repository: 'redis', tag: '8' });
  });

  it('does not modify the schema it is given', () => {
    const before = structuredClone(spec);
    completeDefaults(spec);
    expect(spec).toEqual(before);
  });
});

describe('applyDefaults', () => {
  it('keeps given values, fills absent ones, and descends into list items and map values', () => {
    const value = {
      replicas: 3,
      namespaces: { core: 'mine' },
      users: [{}, { role: 'admin' }],
      limits: { a: {} },
    };
    expect(applyDefaults(value, spec)).toEqual({
      replicas: 3,
      namespaces: { core: 'mine', data: 'battery-data' },
      image: { repository: 'redis', tag: '8' },
      users: [{ role: 'viewer' }, { role: 'admin' }],
      limits: { a: { max: 5 } },
    });
  });
});
