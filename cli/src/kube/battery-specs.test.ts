import { InvalidInputError } from '../lib/errors.js';
import { validateBatteries } from './battery-specs.js';

const messageOf = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected validateBatteries to throw');
};

describe('validateBatteries', () => {
  it('accepts catalog batteries with valid specs', () => {
    expect(() =>
      validateBatteries([
        { type: 'core', spec: {} },
        { type: 'redis', spec: { maxmemoryPolicy: 'allkeys-lru' } },
      ]),
    ).not.toThrow();
  });

  it('names the battery, the field, what is accepted and the value given', () => {
    const message = messageOf(() =>
      validateBatteries([{ type: 'redis', spec: { maxmemoryPolicy: 'sometimes' } }]),
    );
    expect(message).toMatch(/redis: spec\.maxmemoryPolicy: .*"noeviction".*; got "sometimes"/);
  });

  it('reports unknown fields with the known ones, also in schemas that are not strict', () => {
    const message = messageOf(() =>
      validateBatteries([{ type: 'redis', spec: { maxmemry: '1Gi', image: { tagg: 'x' } } }]),
    );
    expect(message).toContain('redis: maxmemry: unknown field; known fields here: image, storageSize');
    expect(message).toContain('redis: image.tagg: unknown field; known fields here: repository, tag');
  });

  it('reports every problem of every battery at once, unknown types included', () => {
    const message = messageOf(() =>
      validateBatteries([
        { type: 'nosuch', spec: {} },
        { type: 'core', spec: { clusterName: 'Not A Label' } },
        { type: 'redis', spec: { maxmemory: 'lots' } },
      ]),
    );
    expect(message).toContain('unknown battery "nosuch"');
    expect(message).toContain('core: spec.clusterName:');
    expect(message).toContain('redis:');
  });
});
