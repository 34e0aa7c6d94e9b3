// zod's half of admission parity: every refinement of every battery and instance kind schema is declared with its
// CEL rule, the CRD carries that rule on the same node, and the rule's examples do what they say in zod.
// admission-parity.int.test.ts holds the API server to the same examples.
import { celValidation, formatSchemaPath, INSTANCE_KINDS } from '@batteries-included/batteries';
import {
  ADMISSION_SUBJECTS,
  admissionCases,
  catalogRefinements,
  crdRulesAt,
  zodProblems,
} from './admission-cases.js';
import { allBatteryCrds, allInstanceCrds } from './index.js';

const cases = admissionCases();

describe('admission parity, zod side', () => {
  it('finds no refinement in the catalog without a CEL rule', () => {
    const bare = catalogRefinements()
      .filter(({ rule }) => rule === undefined)
      .map(({ subject, path }) => `${subject.name} ${formatSchemaPath(path)}`);
    expect(bare).toEqual([]);
  });

  it('walks the rules the issue names: quantities, maxmemory, requests ≤ limits, env, replication, IP pools', () => {
    const nodes = new Set(cases.map(({ subject, node }) => `${subject.name} ${node}`));
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

  it('walks the instance kinds’ rules: users, database owner, modes, scale, ports, env, volumes, mounts', () => {
    const nodes = new Set(cases.map(({ subject, node }) => `${subject.name} ${node}`));
    for (const node of [
      'PostgresCluster spec',
      'PostgresCluster spec.users',
      'PostgresCluster spec.users[*].username',
      'PostgresCluster spec.resources',
      'RedisInstance spec',
      'RedisInstance spec.storageSize',
      'FerretService spec.resources',
      'KnativeService spec',
      'KnativeService spec.ports[*]',
      'KnativeService spec.env',
      'KnativeService spec.env[*]',
      'TraditionalService spec',
      'TraditionalService spec.containers',
      'TraditionalService spec.ports',
      'TraditionalService spec.volumes',
      'TraditionalService spec.volumes[*]',
      'TraditionalService spec.autoscaling',
    ])
      expect(nodes).toContain(node);
    expect(INSTANCE_KINDS.every((kind) => ADMISSION_SUBJECTS.some((s) => s.name === kind.kind))).toBe(true);
  });

  it('gives every rule at least one accepted and one refused example', () => {
    const thin = catalogRefinements()
      .filter(
        ({ rule }) => rule && (rule.examples.accepted.length === 0 || rule.examples.refused.length === 0),
      )
      .map(({ subject, path }) => `${subject.name} ${formatSchemaPath(path)}`);
    expect(thin).toEqual([]);
  });

  it('synthesizes a CRD for every battery and instance kind (the synth refuses a refinement without a CEL rule)', () => {
    expect(() => allBatteryCrds()).not.toThrow();
    expect(() => allInstanceCrds()).not.toThrow();
  });

  it('puts every rule’s CEL side on the CRD, at the node zod refines', () => {
    const missing = catalogRefinements()
      .filter(({ rule }) => rule !== undefined)
      .filter(({ subject, path, rule }) => !crdRulesAt(subject, path).some(sameAs(celValidation(rule!))))
      .map(({ subject, path, rule }) => `${subject.name} ${formatSchemaPath(path)}: ${rule!.cel}`);
    expect(missing).toEqual([]);
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

// The CRD's keys are sorted; a validation is flat, so sorting its keys is enough to compare.
const flat = (validation: object) => JSON.stringify(validation, Object.keys(validation).sort());
const sameAs = (expected: object) => (actual: object) => flat(actual) === flat(expected);
