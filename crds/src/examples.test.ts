// The YAML under examples/ is what users apply first, so it must stay valid as schemas change: every
// valid example parses with its battery's zod schema, and every invalid one fails for the stated reason.
import { CATALOG, compareQuantities, type BatteryDefinition } from '@batteries-included/batteries';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { batteryManifestSchema } from './battery-manifest.js';
import { crdKind } from './crd-names.js';

const EXAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
const INVALID_DIR = join(EXAMPLES_DIR, 'invalid');
const PLATFORM = 'platform.yaml';
const SHRINK = 'shrink-volume.yaml';

const batteryByKind = new Map(CATALOG.map((battery) => [crdKind(battery.type), battery]));
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
const read = (path: string) => readFileSync(path, 'utf8');

/** Parses as YAML 1.1, as kubectl does, so `on`, `yes` or `0755` surprises show up here too. */
function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { version: '1.1' }).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as Record<string, unknown>;
  });
}

function batteryOf(document: Record<string, unknown>): BatteryDefinition {
  const battery = batteryByKind.get(String(document.kind));
  if (!battery) throw new Error(`no battery has the kind ${String(document.kind)}`);
  return battery;
}

/** Every problem zod finds, as `path: message`. */
function problems(document: Record<string, unknown>): string[] {
  const result = batteryManifestSchema(batteryOf(document)).safeParse(document);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The value of a leading `# <key>: <value>` comment line. */
function header(text: string, key: string): string | undefined {
  return new RegExp(`^# ${key}: (.+)$`, 'm').exec(text)?.[1]?.trim();
}

describe('examples/<type>.yaml', () => {
  const files = yamlFiles(EXAMPLES_DIR).filter((name) => name !== PLATFORM);

  it('has one example per battery in the catalog', () => {
    expect(files).toEqual(CATALOG.map((battery) => `${battery.type}.yaml`).sort());
  });

  it.each(files)('%s is one commented object of its battery that the battery schema accepts', (file) => {
    const text = read(join(EXAMPLES_DIR, file));
    expect(text.startsWith('# ')).toBe(true);
    const docs = documents(text);
    expect(docs).toHaveLength(1);
    const [document] = docs as [Record<string, unknown>];
    expect(batteryOf(document).type).toBe(file.replace(/\.yaml$/, ''));
    expect(problems(document)).toEqual([]);
    expect(Object.keys((document.spec as object | undefined) ?? {}).length).toBeGreaterThan(0);
  });
});

describe('examples/platform.yaml', () => {
  const docs = documents(read(join(EXAMPLES_DIR, PLATFORM)));

  it('holds the typical set: core, victoria-metrics, grafana, kube-monitoring, loki and redis', () => {
    expect(docs.map((document) => batteryOf(document).type).sort()).toEqual(
      ['core', 'grafana', 'kube-monitoring', 'loki', 'redis', 'victoria-metrics'].sort(),
    );
  });

  it.each(docs.map((document) => [String(document.kind), document] as const))(
    'its %s is valid',
    (_kind, document) => {
      expect(problems(document)).toEqual([]);
    },
  );
});

describe('examples/invalid', () => {
  const files = yamlFiles(INVALID_DIR);

  it('covers a wrong name, a wrong type, an out-of-range number, a malformed quantity, an unknown field, a shrink, three CEL rules, a base domain that is not a DNS name and a shared hostname', () => {
    expect(files).toEqual(
      [
        'base-domain.yaml',
        'shared-hostname.yaml',
        'wrong-name.yaml',
        'wrong-type.yaml',
        'out-of-range.yaml',
        'malformed-quantity.yaml',
        'unknown-field.yaml',
        SHRINK,
        'negative-maxmemory.yaml',
        'ip-pool.yaml',
        'requests-above-limits.yaml',
      ].sort(),
    );
  });

  it.each(files)('%s starts with the message the API server must return', (file) => {
    const text = read(join(INVALID_DIR, file));
    expect(text.split('\n')[0]).toMatch(/^# expect: \S.*$/);
  });

  it.each(files.filter((file) => file !== SHRINK))('%s fails zod parsing for the stated reason', (file) => {
    const text = read(join(INVALID_DIR, file));
    const expected = header(text, 'zod');
    expect(expected).toBeDefined();
    const docs = documents(text);
    expect(docs).toHaveLength(1);
    const found = problems(docs[0]!);
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining(expected!)]));
  });

  it(`${SHRINK} is a valid object followed by the same object with a smaller volume`, () => {
    const text = read(join(INVALID_DIR, SHRINK));
    expect(text).toMatch(/\n---\n# after:\n/);
    const [before, after, ...rest] = documents(text);
    expect(rest).toEqual([]);
    for (const document of [before!, after!]) expect(problems(document)).toEqual([]);
    expect(after!.kind).toBe(before!.kind);
    expect(after!.metadata).toEqual(before!.metadata);
    const size = (document: Record<string, unknown>) =>
      (document.spec as { storageSize: string }).storageSize;
    expect(compareQuantities(size(after!), size(before!))).toBeLessThan(0);
  });
});
