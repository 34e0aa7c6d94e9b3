import { defineInstance, type InstanceDefinition } from '@batteries-included/batteries';
import { z } from 'zod';
import { instanceCrd } from './instance-crd.js';

function fakeKind(schema: z.ZodType): InstanceDefinition {
  return defineInstance({
    kind: 'FakeThing',
    plural: 'fakethings',
    shortNames: ['fake'],
    battery: 'core',
    description: 'A kind for tests.',
    schema,
    render: () => ({}),
  });
}

describe('instanceCrd', () => {
  it('refuses a zod refinement without a CEL rule, as the Battery CRD synth does (admission-parity.test.ts checks the rules it emits)', () => {
    const even = z.int().meta({ description: 'An even number.' });
    const bare = z.object({ count: even.refine((n) => n % 2 === 0) }).meta({ description: 'Spec.' });
    expect(() => instanceCrd(fakeKind(bare))).toThrow(
      /FakeThing[\s\S]*spec\.count: a zod refinement without a CEL rule; declare it with withAdmissionRule/,
    );
  });
});
