import { z } from 'zod';
import { compareQuantities, parseQuantity, quantity } from './quantity.js';
import { findBattery } from '../catalog/index.js';

describe('quantity', () => {
  it('parses binary, decimal and exponent forms', () => {
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(compareQuantities('1Gi', '1000Mi')).toBe(1);
    expect(() => parseQuantity('x')).toThrow(RangeError);
  });

  it('reports a malformed value as an issue and never runs later refinements on it', () => {
    const schema = quantity('a size', '512Mi').refine((v) => parseQuantity(v) >= 0, { error: 'negative' });
    const result = schema.safeParse('lots');
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'must be a Kubernetes quantity such as 512Mi or 250m',
    ]);
    expect(z.object({ size: schema }).safeParse({ size: '-1Gi' }).error?.issues[0]?.message).toBe('negative');
  });

  it("a battery schema with such a refinement answers a bad value with the field's issue", () => {
    const redis = findBattery('redis')!;
    const result = redis.schema.safeParse({ maxmemory: 'x' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['maxmemory']);
  });
});

describe('quantity schema', () => {
  it('refuses what the pattern lets through but the parser does not, before refinements parse it', () => {
    const redis = findBattery('redis')!;
    const result = redis.schema.safeParse({ maxmemory: '1e1.5' });
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'maxmemory: must be a Kubernetes quantity such as 512Mi or 250m',
    ]);
  });
});
