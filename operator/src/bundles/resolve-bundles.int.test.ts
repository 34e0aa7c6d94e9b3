import { neededBundles, type NeededBundle, type SnapshotBundle } from '@batteries-included/batteries';
import { createPgliteSql, type Sql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import { bundleDigest } from './digest.js';
import { pushedBundleConfigMaps, readPushedBundles } from './pushed-bundles.js';
import { createBundleResolver } from './resolve-bundles.js';
import { startBundleServer, type BundleServer } from './testing/bundle-server.js';
import { upstreamReleaseFiles } from './testing/upstream-bundles.js';

const CERT_MANAGER_PATH = '/github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml';
const GATEWAY_PATH = '/github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml';

function objectsOf(entry: SnapshotBundle | undefined) {
  if (!entry || 'error' in entry) throw new Error(`not resolved: ${JSON.stringify(entry)}`);
  return entry.objects;
}

/**
 * The bundle resolver against a local HTTP server serving releases assembled from the real upstream CRDs (obtained
 * through the resolver itself, see `upstreamReleaseFiles`), and a real store (PGlite): fetch and cache, trust on first use, digest mismatches, unreachable and oversized bundles,
 * and bundles pushed into the cluster.
 */
describe('resolving upstream bundles', () => {
  let server: BundleServer;
  let files: Map<string, string>;
  let sql: Sql;
  let store: Store;
  const fast = { backoffMs: 5, timeoutMs: 5_000, attempts: 3 };
  const catalog = neededBundles({
    'gateway-api': {},
    'cert-manager': {},
    'cloudnative-pg': {},
    metallb: {},
    knative: {},
  });
  const only = (...keys: string[]): NeededBundle[] => catalog.filter((n) => keys.includes(n.key));

  beforeAll(async () => {
    files = await upstreamReleaseFiles();
    server = await startBundleServer(files);
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    server.hits.clear();
    for (const [path, content] of files) server.set(path, { kind: 'file', content });
    sql = await createPgliteSql();
    store = await createStore(sql);
  }, 60_000);
  afterEach(() => store?.close(), 60_000);

  it('fetches each bundle once, caches it by digest and pins it on first use', async () => {
    const resolver = createBundleResolver({ store, mirror: server.url, fetch: fast });
    const first = await resolver.resolve(catalog);
    expect(Object.keys(first)).toEqual([
      'cert-manager@v1.19.2',
      'cloudnative-pg@v1.28.0',
      'gateway-api@v1.3.0',
      'knative-net-gateway-api@v1.20.1',
      'knative-serving@v1.20.0',
      'metallb@v0.15.3',
    ]);
    const crds = (key: string) =>
      objectsOf(first[key])
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .map((o) => o.metadata.name);
    expect(crds('cloudnative-pg@v1.28.0')).toContain('poolers.postgresql.cnpg.io');
    expect(crds('gateway-api@v1.3.0')).toEqual([
      'gatewayclasses.gateway.networking.k8s.io',
      'gateways.gateway.networking.k8s.io',
      'grpcroutes.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io',
      'referencegrants.gateway.networking.k8s.io',
    ]);
    // Knative's two files are one bundle: CRDs first, then the core.
    expect(crds('knative-serving@v1.20.0')).toHaveLength(12);
    expect(objectsOf(first['knative-serving@v1.20.0']).at(-1)?.kind).toBe('Service');
    expect([...server.hits.values()].every((n) => n === 1)).toBe(true);
    // Six bundles, seven files: knative-serving is two.
    expect(server.hits.size).toBe(7);

    // The second pass: no download, no store read.
    server.hits.clear();
    const second = await resolver.resolve(catalog);
    expect(second).toEqual(first);
    expect(server.hits.size).toBe(0);
    expect(resolver.stats).toMatchObject({ fetches: 7, memoryHits: 6, storeHits: 0 });

    // A restarted operator (new resolver, same store) reads the cache, not the network.
    const restarted = createBundleResolver({ store, mirror: server.url, fetch: fast });
    expect(await restarted.resolve(catalog)).toEqual(first);
    expect(server.hits.size).toBe(0);
    expect(restarted.stats).toMatchObject({ fetches: 0, storeHits: 6 });

    const pins = await store.listBundlePins();
    expect(pins.map((p) => p.key)).toEqual(Object.keys(first));
    const certManager = first['cert-manager@v1.19.2'] as { digest: string };
    expect(pins[0]).toMatchObject({
      digest: certManager.digest,
      source: `${server.url}${CERT_MANAGER_PATH}`,
    });
    expect(certManager.digest).toBe(bundleDigest(files.get(CERT_MANAGER_PATH)!));
  });

  it('refuses content whose digest differs from the one declared or first seen, naming the bundle and both digests', async () => {
    const original = files.get(CERT_MANAGER_PATH)!;
    const firstSeen = bundleDigest(original);
    await createBundleResolver({ store, mirror: server.url, fetch: fast }).resolve(
      only('cert-manager@v1.19.2'),
    );

    // Upstream re-tagged the release; the cached copy is gone (another replica's fresh store, a reaped cache).
    const changed = `${original}# re-released\n`;
    server.set(CERT_MANAGER_PATH, { kind: 'file', content: changed });
    await sql.query('DELETE FROM bundle_contents');
    const resolver = createBundleResolver({ store, mirror: server.url, fetch: fast });
    const result = await resolver.resolve(only('cert-manager@v1.19.2'));
    expect(result['cert-manager@v1.19.2']).toEqual({
      url: `${server.url}${CERT_MANAGER_PATH}`,
      error: `bundle cert-manager@v1.19.2: digest mismatch: expected sha256 ${firstSeen} (recorded on first use), got sha256 ${bundleDigest(changed)} from ${server.url}${CERT_MANAGER_PATH}; refusing it`,
    });
    expect(await store.getBundleContent(bundleDigest(changed))).toBeUndefined();
    expect((await store.getBundlePin('cert-manager@v1.19.2'))?.digest).toBe(firstSeen);

    // A digest declared by the battery is checked the same way, before anything is cached or pinned.
    const [gateway] = only('gateway-api@v1.3.0');
    const declared = { ...gateway!, bundle: { ...gateway!.bundle, sha256: 'e'.repeat(64) } };
    const refused = await resolver.resolve([declared]);
    expect((refused['gateway-api@v1.3.0'] as { error: string }).error).toBe(
      `bundle gateway-api@v1.3.0: digest mismatch: expected sha256 ${'e'.repeat(64)} (declared by the battery), got sha256 ${bundleDigest(files.get(GATEWAY_PATH)!)} from ${server.url}${GATEWAY_PATH}; refusing it`,
    );
    expect(await store.getBundlePin('gateway-api@v1.3.0')).toBeUndefined();
  });

  it('reports an unreachable bundle after its retries, and still resolves the others', async () => {
    server.set(CERT_MANAGER_PATH, { kind: 'status', status: 503 });
    const resolver = createBundleResolver({ store, mirror: server.url, fetch: fast });
    const result = await resolver.resolve(only('cert-manager@v1.19.2', 'gateway-api@v1.3.0'));
    expect(result['cert-manager@v1.19.2']).toEqual({
      url: `${server.url}${CERT_MANAGER_PATH}`,
      error: 'HTTP 503 Service Unavailable (after 3 attempts)',
    });
    expect(server.hits.get(CERT_MANAGER_PATH)).toBe(3);
    expect(objectsOf(result['gateway-api@v1.3.0']).length).toBe(5);
    expect(await store.getBundlePin('cert-manager@v1.19.2')).toBeUndefined();
  });

  it('refuses an oversized bundle without retrying', async () => {
    const resolver = createBundleResolver({
      store,
      mirror: server.url,
      fetch: { ...fast, maxBytes: 64 * 1024 },
    });
    const result = await resolver.resolve(only('cloudnative-pg@v1.28.0'));
    expect((result['cloudnative-pg@v1.28.0'] as { error: string }).error).toMatch(
      /^refused: larger than the 65536-byte limit \(Content-Length \d+\)$/,
    );
    expect([...server.hits.values()]).toEqual([1]);
  });

  it('imports a bundle pushed into the cluster instead of downloading it', async () => {
    const content = files.get(GATEWAY_PATH)!;
    const pushed = readPushedBundles(
      pushedBundleConfigMaps({ key: 'gateway-api@v1.3.0', name: 'gateway-api', content }, 'ns'),
    ).bundles;
    const resolver = createBundleResolver({
      store,
      mirror: 'http://127.0.0.1:9',
      fetch: fast,
      pushed: async () => pushed,
    });
    const result = await resolver.resolve(only('gateway-api@v1.3.0'));
    expect(objectsOf(result['gateway-api@v1.3.0'])).toHaveLength(5);
    expect(resolver.stats).toMatchObject({ fetches: 0, pushedImports: 1 });
    expect(await store.getBundlePin('gateway-api@v1.3.0')).toMatchObject({
      digest: bundleDigest(content),
      source: expect.stringMatching(/^pushed ConfigMap bundle-[0-9a-f]{16}-1$/),
    });
  });
});
