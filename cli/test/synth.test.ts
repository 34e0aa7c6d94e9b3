// bi synth is offline: no cluster, same bytes every run, Secret values never printed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runBi } from './support/run-bi.js';

const offline = { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' };

describe('bi synth', () => {
  it('renders examples/platform.yaml deterministically, with Secret values redacted', async () => {
    const first = await runBi(['synth', '-f', 'examples/platform.yaml'], { env: offline });
    const second = await runBi(['synth', '-f', 'examples/platform.yaml'], { env: offline });
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const objects = parseAllDocuments(first.stdout).map((d) => d.toJSON());
    expect(objects.length).toBeGreaterThan(20);
    const secrets = objects.filter((o) => o.kind === 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      for (const value of Object.values({ ...secret.data, ...secret.stringData }))
        expect(value).toBe('<redacted>');
    }
    expect(
      objects.every((o) => o.metadata.labels['app.kubernetes.io/managed-by'] === 'batteries-included'),
    ).toBe(true);
  }, 60_000);

  it('writes one file per battery with -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-synth-'));
    try {
      const result = await runBi(
        ['synth', '-f', 'examples/redis.yaml', '-f', 'examples/core.yaml', '-o', dir],
        { env: offline },
      );
      expect(result.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['core.yaml', 'redis.yaml']);
      expect(readFileSync(join(dir, 'redis.yaml'), 'utf8')).toContain('kind: StatefulSet');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses invalid Battery files with exit 2, naming file, battery and field', async () => {
    const result = await runBi(['synth', '-f', 'examples/invalid/wrong-name.yaml'], { env: offline });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('examples/invalid/wrong-name.yaml: unknown battery "my-redis"');
    const unknownField = await runBi(['synth', '-f', 'examples/invalid/unknown-field.yaml'], {
      env: offline,
    });
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toMatch(/unknown field/);
  }, 60_000);

  it('answers --help with examples for every command', async () => {
    const result = await runBi(['synth', '--help'], { env: offline });
    expect(result.stdout).toContain('EXAMPLES');
    expect(result.stdout).toContain('$ bi synth -f examples/platform.yaml');
  }, 30_000);
});
