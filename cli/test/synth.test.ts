// bi synth is offline: no cluster, same bytes every run, Secret values never printed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { neededBundles } from '@batteries-included/batteries';
import { obtainUpstreamBundles } from '@batteries-included/operator';
import { runBi } from '@batteries-included/cli/testing';

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

  it('replaces only earlier renders in the -o directory, never other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-synth-'));
    try {
      writeFileSync(join(dir, 'notes.md'), 'mine');
      writeFileSync(join(dir, 'grafana.yaml'), 'a stale render');
      const result = await runBi(
        ['synth', '-f', 'examples/core.yaml', '-f', 'examples/redis.yaml', '-o', dir],
        { env: offline },
      );
      expect(result.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['core.yaml', 'notes.md', 'redis.yaml']);
      expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('mine');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('renders a battery built on an upstream release from a bi bundles pull directory', async () => {
    const without = await runBi(['synth', '-f', 'examples/core.yaml', '-f', 'examples/cert-manager.yaml'], {
      env: offline,
    });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/cert-manager: bundle cert-manager@v1\.19\.2 is unavailable/);

    // A pulled directory as `bi bundles pull` writes it: the release file and bundles.json with its digest (the
    // release obtained as the operator obtains it, see obtainUpstreamBundles).
    const { bundles: obtained } = await obtainUpstreamBundles();
    const dir = mkdtempSync(join(tmpdir(), 'bi-synth-bundles-'));
    try {
      const bundles = neededBundles({ 'cert-manager': {} }).map(({ key, bundle, batteries }) => {
        const { content, digest } = obtained.get(key)!;
        const file = `${bundle.name}-${bundle.version}.yaml`;
        writeFileSync(join(dir, file), content);
        return {
          key,
          name: bundle.name,
          version: bundle.version,
          urls: [...bundle.urls],
          sha256: digest,
          file,
          sizeBytes: Buffer.byteLength(content),
          batteries,
        };
      });
      writeFileSync(join(dir, 'bundles.json'), JSON.stringify({ version: 1, bundles }));
      const result = await runBi(
        ['synth', '-f', 'examples/core.yaml', '-f', 'examples/cert-manager.yaml', '--bundles-dir', dir],
        {
          env: offline,
        },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const objects = parseAllDocuments(result.stdout).map((d) => d.toJSON());
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cert-manager');
      expect(deployment?.metadata.namespace).toMatch(/^battery-/);
      expect(objects.some((o) => o.kind === 'CustomResourceDefinition')).toBe(true);

      // A file changed after it was pulled is refused.
      writeFileSync(join(dir, bundles[0]!.file), 'tampered');
      const tampered = await runBi(
        ['synth', '-f', 'examples/core.yaml', '-f', 'examples/cert-manager.yaml', '--bundles-dir', dir],
        {
          env: offline,
        },
      );
      expect(tampered.code).toBe(2);
      expect(tampered.stderr).toMatch(/--bundles-dir/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

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
