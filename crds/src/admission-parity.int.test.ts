// The API server's half of admission parity: the CRDs from crds/ refuse what zod refuses, naming the same field
// with the same message, and accept what zod accepts, for every example of every rule of every battery and
// instance kind schema.
import { fileURLToPath } from 'node:url';
import { kubectl, waitForEstablished } from '@batteries-included/testenv';
import {
  ADMISSION_SUBJECTS,
  admissionCases,
  apiProblems,
  zodProblems,
  type AdmissionCase,
  type FieldProblem,
} from './admission-cases.js';

const CONCURRENCY = 4;

interface Answer {
  readonly isAccepted: boolean;
  readonly problems: readonly FieldProblem[];
  readonly text: string;
}

/**
 * The API server's verdict on a new object: a server-side dry run of its creation. (A dry-run *create* rather than
 * an apply: other suites leave Battery objects behind, and an apply would then judge an update, with transition
 * rules comparing against whatever they left. Validation runs before the existence check, so an object of a name
 * that exists answers AlreadyExists only once it is valid.)
 */
async function admit(testCase: AdmissionCase): Promise<Answer> {
  try {
    const text = await kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(testCase.object));
    return { isAccepted: true, problems: [], text };
  } catch (error) {
    const text = (error as Error).message;
    if (/\(AlreadyExists\)/.test(text)) return { isAccepted: true, problems: [], text };
    return { isAccepted: false, problems: apiProblems(text), text };
  }
}

const atField = (problems: readonly FieldProblem[], field: string) =>
  problems
    .filter((problem) => problem.field === field)
    .map((problem) => problem.message)
    .sort();

describe('admission parity on a real API server', () => {
  const cases = admissionCases();
  const answers = new Map<AdmissionCase, Answer>();

  beforeAll(async () => {
    await kubectl(['apply', '--server-side', '-f', fileURLToPath(new URL('../all.yaml', import.meta.url))]);
    for (const subject of ADMISSION_SUBJECTS) await waitForEstablished(subject.crd);
    // The instance examples' namespaces: a dry run in a missing namespace answers NotFound, not a verdict.
    const namespaces = new Set(
      cases.flatMap(({ object }) => (object.metadata as { namespace?: string }).namespace ?? []),
    );
    for (const name of namespaces)
      await kubectl(
        ['apply', '--server-side', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
      );
    const queue = [...cases];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) answers.set(next, await admit(next));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 300_000);

  it.each(cases.map((c) => [c.title, c] as const))('%s: the CRD and zod agree', (_title, testCase) => {
    const answer = answers.get(testCase)!;
    const zod = zodProblems(testCase);
    // The whole object: admitted exactly when zod accepts it.
    expect({ isAccepted: answer.isAccepted, text: answer.text }).toEqual({
      isAccepted: zod.length === 0,
      text: expect.any(String),
    });
    // The field the rule names: the same messages from both (none for an accepted example).
    expect(atField(answer.problems, testCase.field)).toEqual(atField(zod, testCase.field));
    const fromRule = zod.filter((problem) => problem.isOfRule).map((problem) => problem.message);
    expect(fromRule).toHaveLength(testCase.verdict === 'refused' ? 1 : 0);
    expect(atField(answer.problems, testCase.field)).toEqual(expect.arrayContaining(fromRule));
  });
});
