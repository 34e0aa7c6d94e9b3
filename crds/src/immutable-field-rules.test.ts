import type { OpenApiSchema } from './openapi-schema.js';
import { celIdentifier, immutableFieldRules } from './immutable-field-rules.js';

const spec: OpenApiSchema = {
  type: 'object',
  required: ['zone'],
  properties: {
    zone: { type: 'string', description: 'Required.' },
    clusterType: { type: 'string', default: 'kind', description: 'Defaulted.' },
    nickname: { type: 'string', description: 'Optional.' },
    namespaces: {
      type: 'object',
      default: {},
      description: 'Defaulted object.',
      properties: {
        core: { type: 'string', default: 'battery-core', description: 'Defaulted inside defaulted.' },
        extra: { type: 'string', description: 'Optional inside defaulted.' },
      },
    },
    storage: {
      type: 'object',
      description: 'Optional object.',
      properties: {
        className: { type: 'string', default: 'standard', description: 'Defaulted inside optional.' },
      },
    },
    pools: { type: 'array', description: 'A list.', items: { type: 'object', properties: {} } },
  },
};

const rulesAt = (schema: OpenApiSchema) => schema['x-kubernetes-validations'] ?? [];

describe('immutableFieldRules', () => {
  it('puts self == oldSelf on a field that is always present (required or defaulted)', () => {
    const result = immutableFieldRules(spec, ['zone', 'clusterType', 'namespaces', 'namespaces.core']);
    for (const [path, node] of [
      ['zone', result.properties!.zone!],
      ['clusterType', result.properties!.clusterType!],
      ['namespaces', result.properties!.namespaces!],
      ['namespaces.core', result.properties!.namespaces!.properties!.core!],
    ] as const) {
      expect(rulesAt(node)).toEqual([
        { rule: 'self == oldSelf', message: `${path} cannot be changed after creation` },
      ]);
    }
    expect(rulesAt(result)).toEqual([]);
  });

  it('puts a presence-and-value rule on the spec for an optional field, so adding or removing it is caught', () => {
    const result = immutableFieldRules(spec, ['nickname']);
    expect(rulesAt(result.properties!.nickname!)).toEqual([]);
    expect(rulesAt(result)).toEqual([
      {
        rule: '(has(self.nickname)) == (has(oldSelf.nickname)) && (!(has(self.nickname)) || self.nickname == oldSelf.nickname)',
        message: 'nickname cannot be changed after creation',
        fieldPath: '.nickname',
      },
    ]);
  });

  it('anchors on the deepest always-present ancestor and checks every step below it', () => {
    const result = immutableFieldRules(spec, ['namespaces.extra', 'storage.className']);
    expect(rulesAt(result.properties!.namespaces!)).toEqual([
      expect.objectContaining({ fieldPath: '.extra', rule: expect.stringContaining('has(self.extra)') }),
    ]);
    expect(rulesAt(result)).toEqual([
      expect.objectContaining({
        fieldPath: '.storage.className',
        rule:
          '(has(self.storage) && has(self.storage.className)) == (has(oldSelf.storage) && has(oldSelf.storage.className))' +
          ' && (!(has(self.storage) && has(self.storage.className)) || self.storage.className == oldSelf.storage.className)',
      }),
    ]);
  });

  it('does not modify the schema it is given', () => {
    const before = structuredClone(spec);
    immutableFieldRules(spec, ['zone', 'nickname']);
    expect(spec).toEqual(before);
  });

  it('names the path when it is not a field of the spec', () => {
    expect(() => immutableFieldRules(spec, ['namespaces.cor'])).toThrow(
      'immutableFields: "namespaces.cor" is not a field of the spec: namespaces has no property "cor"',
    );
    expect(() => immutableFieldRules(spec, ['pools.name'])).toThrow(/pools has no property "name"/);
  });
});

describe('celIdentifier', () => {
  it.each([
    ['replicas', 'replicas'],
    ['namespace', '__namespace__'],
    ['if', '__if__'],
    ['app-name', 'app__dash__name'],
    ['a.b', 'a__dot__b'],
    ['x__y', 'x__underscores__y'],
  ])('escapes %s as %s', (name, escaped) => {
    expect(celIdentifier(name)).toBe(escaped);
  });

  it('refuses a name CEL cannot reach', () => {
    expect(() => celIdentifier('9lives')).toThrow(/cannot be named in a CEL rule/);
  });
});
