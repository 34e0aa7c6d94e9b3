import { z } from 'zod';
import { withAdmissionRule } from './admission-rule.js';
import { isIpv4Pool } from './ip-pool.js';
import { formatSchemaPath, ITEMS, schemaRefinements } from './schema-refinements.js';

const even = withAdmissionRule(z.int(), {
  accepts: (n) => n % 2 === 0,
  cel: 'self % 2 == 0',
  message: 'must be even',
  examples: { accepted: [2], refused: [3] },
});

describe('schemaRefinements', () => {
  it('finds declared and bare refinements through wrappers, lists and shared schemas', () => {
    const schema = z.object({
      a: even.optional(),
      b: z.array(z.object({ c: even.default(0) })).prefault([]),
      d: z.string().refine((s) => s !== 'x'),
    });
    const found = schemaRefinements(schema).map(({ path, rule }) => [formatSchemaPath(path), rule?.message]);
    expect(found).toEqual([
      ['spec.a', 'must be even'],
      [`spec.b${ITEMS}.c`, 'must be even'],
      ['spec.d', undefined],
    ]);
  });

  it('names the path of a zod type it cannot look inside', () => {
    const schema = z.object({ when: z.map(z.string(), z.string()) });
    expect(() => schemaRefinements(schema)).toThrow(/cannot look inside a zod map at spec\.when/);
  });
});

describe('withAdmissionRule', () => {
  it('refuses with the rule message at the rule path and keeps earlier CEL rules', () => {
    const pair = withAdmissionRule(
      withAdmissionRule(z.object({ low: z.int(), high: z.int() }), {
        accepts: ({ low }) => low >= 0,
        cel: 'self.low >= 0',
        message: 'must not be negative',
        path: ['low'],
        examples: { accepted: [{ low: 0 }], refused: [{ low: -1 }] },
      }),
      {
        accepts: ({ low, high }) => low <= high,
        cel: 'self.low <= self.high',
        message: 'must not exceed high',
        path: ['low'],
        examples: { accepted: [{ low: 1, high: 2 }], refused: [{ low: 3, high: 2 }] },
      },
    );
    expect(pair.safeParse({ low: 3, high: 2 }).error?.issues).toMatchObject([
      { path: ['low'], message: 'must not exceed high' },
    ]);
    expect(pair.meta()?.['x-kubernetes-validations']).toEqual([
      { rule: 'self.low >= 0', message: 'must not be negative', fieldPath: '.low' },
      { rule: 'self.low <= self.high', message: 'must not exceed high', fieldPath: '.low' },
    ]);
  });
});

describe('isIpv4Pool', () => {
  it.each(['172.18.0.240/28', '0.0.0.0/0', '172.18.0.241/28', '10.0.0.1-10.0.0.1', '10.0.0.1-10.0.1.0'])(
    'accepts %s',
    (pool) => expect(isIpv4Pool(pool)).toBe(true),
  );
  it.each([
    '999.1.1.1/24',
    '10.0.0.0/33',
    '01.0.0.0/8',
    '10.0.0.0/08',
    '10.0.1.0-10.0.0.255',
    '10.0.0.0',
    '1-2',
  ])('refuses %s', (pool) => expect(isIpv4Pool(pool)).toBe(false));
});
