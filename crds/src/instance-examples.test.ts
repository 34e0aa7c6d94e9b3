// examples/instances/ holds the instance objects users apply first; examples/invalid/instances/ the ones the API
// server must refuse. Every valid one parses with its kind's schema; every invalid one fails for the stated reason.
import { compareQuantities, findInstanceKind, INSTANCE_KINDS } from '@batteries-included/batteries';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { instanceManifestSchema } from './instance-manifest.js';

const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/instances');
const INVALID_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/invalid/instances');
const SHRINK = 'shrink-postgres-volume.yaml';

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { version: '1.1' }).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as Record<string, unknown>;
  });
}

/** The instance objects of an example; the Namespaces they go into may come first in the same file. */
function instanceDocuments(text: string): Record<string, unknown>[] {
  return documents(text).filter((document) => document.kind !== 'Namespace');
}

function problems(document: Record<string, unknown>): string[] {
  const definition = findInstanceKind(String(document.kind));
  if (!definition) throw new Error(`no instance kind ${String(document.kind)}`);
  const result = instanceManifestSchema(definition).safeParse(document);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('examples/instances', () => {
  const files = yamlFiles(EXAMPLES_DIR);

  it('has an example of every instance kind', () => {
    const kinds = files.flatMap((file) =>
      instanceDocuments(readFileSync(join(EXAMPLES_DIR, file), 'utf8')).map((d) => d.kind),
    );
    expect([...new Set(kinds)].sort()).toEqual(INSTANCE_KINDS.map((definition) => definition.kind).sort());
  });

  it.each(files)('%s is a commented, namespaced object its kind’s schema accepts', (file) => {
    const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
    expect(text.startsWith('# ')).toBe(true);
    for (const document of instanceDocuments(text)) {
      expect((document.metadata as { namespace?: string }).namespace).toBeTruthy();
      expect(problems(document)).toEqual([]);
    }
  });
});

describe('examples/invalid/instances', () => {
  const files = yamlFiles(INVALID_DIR);

  it('covers a shrunk volume, an unknown user role and a user name that is not a valid identifier', () => {
    expect(files).toEqual(['invalid-username.yaml', SHRINK, 'unknown-user-role.yaml'].sort());
  });

  it.each(files)('%s starts with the message the API server must return', (file) => {
    expect(readFileSync(join(INVALID_DIR, file), 'utf8').split('\n')[0]).toMatch(/^# expect: \S.*$/);
  });

  it.each(files.filter((file) => file !== SHRINK))('%s fails zod parsing for the stated reason', (file) => {
    const text = readFileSync(join(INVALID_DIR, file), 'utf8');
    const expected = /^# zod: (.+)$/m.exec(text)?.[1]?.trim();
    expect(expected).toBeDefined();
    const [document, ...rest] = documents(text);
    expect(rest).toEqual([]);
    expect(problems(document!)).toEqual(expect.arrayContaining([expect.stringContaining(expected!)]));
  });

  it(`${SHRINK} is a valid object followed by the same object with a smaller volume`, () => {
    const [before, after, ...rest] = documents(readFileSync(join(INVALID_DIR, SHRINK), 'utf8'));
    expect(rest).toEqual([]);
    for (const document of [before!, after!]) expect(problems(document)).toEqual([]);
    const size = (document: Record<string, unknown>) =>
      (document.spec as { storage: { size: string } }).storage.size;
    expect(compareQuantities(size(after!), size(before!))).toBeLessThan(0);
  });
});
