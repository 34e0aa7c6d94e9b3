import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INSTANCE_KINDS } from '@batteries-included/batteries';
import { kubectl, lockSharedCluster, waitForEstablished } from '@batteries-included/testenv';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const GROUP = 'batteries.batteriesincl.com';

function expectation(path: string): string {
  const line = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('# expect:'));
  if (!line) throw new Error(`${path} has no "# expect:" line`);
  return line.slice('# expect:'.length).trim();
}

describe('the instance CRDs on a real API server', () => {
  let release: (() => void) | undefined;
  afterAll(async () => {
    await kubectl([
      'delete',
      'namespace',
      'examples',
      'team-a',
      'team-b',
      '--ignore-not-found',
      '--wait=false',
    ]);
    release?.();
  });
  beforeAll(async () => {
    release = await lockSharedCluster('battery-objects');
    await kubectl(['apply', '--server-side', '-f', repo('crds/all.yaml')]);
    for (const definition of INSTANCE_KINDS) await waitForEstablished(`${definition.plural}.${GROUP}`);
    // Dry-run cannot create the namespaces the example files declare (services.yaml's demo), so they go in first.
    for (const namespace of ['examples', 'team-a', 'team-b', 'demo'])
      await kubectl(['create', 'namespace', namespace]).catch(() => undefined);
  }, 120_000);

  it('lists every instance kind in the bi-instances category, with its short names', async () => {
    const names = (await kubectl(['api-resources', '--categories=bi-instances', '-o', 'name']))
      .trim()
      .split('\n');
    expect(names.sort()).toEqual(INSTANCE_KINDS.map((definition) => `${definition.plural}.${GROUP}`).sort());
    const wide = await kubectl(['api-resources', '--api-group', GROUP, '--namespaced=true']);
    for (const definition of INSTANCE_KINDS)
      for (const shortName of definition.shortNames) expect(wide).toMatch(new RegExp(`\\b${shortName}\\b`));
  });

  it('accepts every example, and `kubectl get bi-instances` lists them', async () => {
    const dir = repo('examples/instances');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')))
      await kubectl(['apply', '--server-side', '--dry-run=server', '-f', `${dir}/${file}`]);
    await kubectl(['apply', '--server-side', '-f', `${dir}/postgres-cluster.yaml`]);
    expect(await kubectl(['get', 'bi-instances', '-n', 'team-a', '-o', 'name'])).toContain('postgrescluster');
    const header = (await kubectl(['get', 'pg', '-n', 'team-a'])).split('\n')[0]!;
    expect(header.split(/\s+/)).toEqual(['NAME', 'READY', 'INSTANCES', 'SIZE', 'HOST', 'AGE']);
  });

  const invalidDir = repo('examples/invalid/instances');
  const invalid = readdirSync(invalidDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('shrink-'));

  it.each(invalid)('rejects invalid/instances/%s with a message naming the field', async (file) => {
    const path = `${invalidDir}/${file}`;
    await expect(kubectl(['apply', '--server-side', '--dry-run=server', '-f', path])).rejects.toThrow(
      expectation(path),
    );
  });

  it('refuses to shrink a Postgres cluster’s volume, naming the field', async () => {
    const path = `${invalidDir}/shrink-postgres-volume.yaml`;
    const [before, after] = readFileSync(path, 'utf8').split(/^---$/m);
    await kubectl(['apply', '--server-side', '-f', '-'], before);
    await expect(kubectl(['apply', '--server-side', '-f', '-'], after)).rejects.toThrow(expectation(path));
  });

  it('refuses an instance name too long for the names derived from it', async () => {
    const manifest = JSON.stringify({
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'PostgresCluster',
      metadata: { namespace: 'examples', name: 'a'.repeat(51) },
      spec: {},
    });
    await expect(
      kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], manifest),
    ).rejects.toThrow(/metadata\.name must be a DNS label of at most 50 characters/);
  });
});
