// `bi bundles pull` and `bi bundles push`: the air-gap round trip. Pull downloads from a local release server
// (the bundles assembled from the real upstream CRDs, obtained through the operator's resolver), push loads them into the shared test cluster, and the
// operator's resolver then obtains every bundle from the cluster with the network unreachable.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neededBundles } from '@batteries-included/batteries';
import {
  bundleDigest,
  createBundleResolver,
  createPgliteSql,
  createStore,
  listPushedBundles,
  loadKubeConfig,
  startBundleServer,
  upstreamReleaseFiles,
  type BundleServer,
} from '@batteries-included/operator';
import { runBi, type BiResult } from '@batteries-included/cli/testing';

describe('bi bundles pull / push', () => {
  let server: BundleServer;
  let dir: string;
  const namespace = `bi-bundles-${process.pid}`;
  const env = { ...process.env, KUBECONFIG: process.env.BI_TEST_KUBECONFIG };
  const json = (result: BiResult) => {
    if (result.code !== 0) throw new Error(`bi exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bi-bundles-'));
    server = await startBundleServer(await upstreamReleaseFiles());
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls every bundle of the catalog with its digest, and pushes them into a cluster the operator reads offline', async () => {
    const pulled = json(
      await runBi(['bundles', 'pull', '--dir', dir, '--mirror', server.url, '--output', 'json'], { env }),
    );
    const expected = neededBundles();
    expect(pulled.bundles.map((b: { key: string }) => b.key)).toEqual(expected.map((n) => n.key));
    const index = JSON.parse(readFileSync(join(dir, 'bundles.json'), 'utf8'));
    for (const entry of index.bundles) {
      expect(bundleDigest(readFileSync(join(dir, entry.file), 'utf8'))).toBe(entry.sha256);
    }
    expect(index.bundles.find((b: { key: string }) => b.key === 'knative-serving@v1.20.0').urls).toHaveLength(
      2,
    );

    const pushed = json(
      await runBi(['bundles', 'push', '--dir', dir, '--namespace', namespace, '--output', 'json'], { env }),
    );
    expect(pushed.bundles).toHaveLength(expected.length);
    // Gzip'd, even CloudNativePG's 1.1 MB of CRDs fits one ConfigMap (splitting is unit-tested).
    for (const bundle of pushed.bundles)
      expect(bundle.configMaps).toEqual([expect.stringMatching(/^bundle-[0-9a-f]{16}-1$/)]);
    // Pushing again changes nothing (names come from the digests).
    expect(
      json(
        await runBi(['bundles', 'push', '--dir', dir, '--namespace', namespace, '--output', 'json'], { env }),
      ),
    ).toEqual(pushed);

    // The operator side, with no way out: the mirror is a closed port.
    const config = loadKubeConfig(process.env.BI_TEST_KUBECONFIG);
    const store = await createStore(await createPgliteSql());
    try {
      const resolver = createBundleResolver({
        store,
        mirror: 'http://127.0.0.1:9',
        fetch: { attempts: 1, timeoutMs: 1_000 },
        pushed: () => listPushedBundles(config, namespace),
      });
      const resolved = await resolver.resolve(expected);
      for (const entry of index.bundles) expect(resolved[entry.key]).toMatchObject({ digest: entry.sha256 });
      expect(resolver.stats).toMatchObject({ fetches: 0, pushedImports: expected.length });
    } finally {
      await store.close();
    }
  }, 240_000);

  it('refuses to push a directory whose file no longer matches its digest', async () => {
    const index = JSON.parse(readFileSync(join(dir, 'bundles.json'), 'utf8'));
    const file = join(dir, index.bundles[0].file);
    writeFileSync(file, `${readFileSync(file, 'utf8')}# tampered\n`);
    const result = await runBi(['bundles', 'push', '--dir', dir, '--namespace', namespace], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `bundle ${index.bundles[0].key}: digest mismatch: expected sha256 ${index.bundles[0].sha256}`,
    );
  }, 120_000);
});
