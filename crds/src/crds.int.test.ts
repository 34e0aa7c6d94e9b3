import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '@batteries-included/batteries';
import { kubectl, lockSharedCluster, waitForEstablished } from '@batteries-included/testenv';
import { crdPlural, crdSingular } from './crd-names.js';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const GROUP = 'batteries.batteriesincl.com';

/** The `# expect:` line of an invalid example: part of the message the API server must answer with. */
function expectation(path: string): string {
  const line = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('# expect:'));
  if (!line) throw new Error(`${path} has no "# expect:" line`);
  return line.slice('# expect:'.length).trim();
}

describe('the Battery CRDs on a real API server', () => {
  // Battery objects are one per type and cluster-wide: suites in other workers that touch them take turns.
  let release: (() => void) | undefined;
  afterAll(() => release?.());
  beforeAll(async () => {
    release = await lockSharedCluster('battery-objects');
    await kubectl(['apply', '--server-side', '-f', repo('crds/all.yaml')]);
    for (const battery of CATALOG) await waitForEstablished(`${crdPlural(battery.type)}.${GROUP}`);
  }, 120_000);

  it('puts every battery kind in the `batteries` category', async () => {
    const names = (await kubectl(['api-resources', '--categories=batteries', '-o', 'name']))
      .trim()
      .split('\n')
      .sort();
    expect(names).toEqual(CATALOG.map((b) => `${crdPlural(b.type)}.${GROUP}`).sort());
  });

  it('accepts every example, and `kubectl get batteries` lists one object of each kind', async () => {
    for (const battery of CATALOG)
      await kubectl(['apply', '--server-side', '-f', repo(`examples/${battery.type}.yaml`)]);
    await kubectl(['apply', '--server-side', '-f', repo('examples/platform.yaml')]);
    const listed = (await kubectl(['get', 'batteries', '-o', 'name'])).trim().split('\n').sort();
    expect(listed).toEqual(CATALOG.map((b) => `${crdSingular(b.type)}.${GROUP}/${b.type}`).sort());
  }, 120_000);

  it('shows the Ready, Resources and Age printer columns', async () => {
    const header = (await kubectl(['get', 'redisbatteries'])).split('\n')[0]!;
    expect(header.split(/\s+/)).toEqual(['NAME', 'READY', 'RESOURCES', 'AGE']);
  });

  const invalidDir = repo('examples/invalid');
  const invalid = readdirSync(invalidDir).filter((f) => f.endsWith('.yaml') && f !== 'shrink-volume.yaml');

  it.each(invalid)('rejects invalid/%s with a message naming the field', async (file) => {
    const path = `${invalidDir}/${file}`;
    await expect(kubectl(['apply', '--server-side', '--dry-run=server', '-f', path])).rejects.toThrow(
      expectation(path),
    );
  });

  it('refuses to shrink a volume, naming the field', async () => {
    const path = `${invalidDir}/shrink-volume.yaml`;
    const [before, after] = readFileSync(path, 'utf8').split(/^---$/m);
    await kubectl(['delete', 'victoriametricsbattery', 'victoria-metrics', '--ignore-not-found']);
    await kubectl(['apply', '--server-side', '-f', '-'], before);
    await expect(kubectl(['apply', '--server-side', '-f', '-'], after)).rejects.toThrow(expectation(path));
  });
});
