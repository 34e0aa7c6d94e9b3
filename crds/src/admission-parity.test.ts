// zod's half of admission parity: every refinement of every battery schema is declared with its CEL rule, and
// the rule's examples do what they say in zod. admission-parity.int.test.ts holds the API server to the same.
import { formatSchemaPath } from '@batteries-included/batteries';
import { admissionCases, catalogRefinements, zodProblems } from './admission-cases.js';
import { allBatteryCrds } from './index.js';

const cases = admissionCases();

describe('admission parity, zod side', () => {
  it('finds no refinement in the catalog without a CEL rule', () => {
    const bare = catalogRefinements()
      .filter(({ rule }) => rule === undefined)
      .map(({ battery, path }) => `${battery.type} ${formatSchemaPath(path)}`);
    expect(bare).toEqual([]);
  });

  it('walks the rules the issue names: quantities, maxmemory, requests ≤ limits, env, replication, IP pools', () => {
    const nodes = new Set(cases.map(({ battery, node }) => `${battery.type} ${node}`));
    for (const node of [
      'redis spec.maxmemory',
      'redis spec.resources',
      'redis spec.exporter.resources',
      'traditional-services spec.containerDefaults',
      'notebooks spec.env[*].name',
      'loki spec',
      'core spec.ipAddressPools[*]',
      'victoria-metrics spec.storageSize',
    ])
      expect(nodes).toContain(node);
  });

  it('gives every rule at least one accepted and one refused example', () => {
    const thin = catalogRefinements()
      .filter(
        ({ rule }) => rule && (rule.examples.accepted.length === 0 || rule.examples.refused.length === 0),
      )
      .map(({ battery, path }) => `${battery.type} ${formatSchemaPath(path)}`);
    expect(thin).toEqual([]);
  });

  it('synthesizes a CRD for every battery (the synth refuses a refinement without a CEL rule)', () => {
    expect(() => allBatteryCrds()).not.toThrow();
  });

  it.each(cases.filter((c) => c.verdict === 'refused').map((c) => [c.title, c] as const))(
    'zod refuses %s, naming the field',
    (_title, testCase) => {
      const ofRule = zodProblems(testCase).filter((problem) => problem.isOfRule);
      expect(ofRule.map((problem) => problem.field)).toEqual([testCase.field]);
    },
  );

  it.each(cases.filter((c) => c.verdict === 'accepted').map((c) => [c.title, c] as const))(
    'zod accepts %s',
    (_title, testCase) => {
      expect(zodProblems(testCase).filter((problem) => problem.isOfRule)).toEqual([]);
    },
  );
});
