import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NeededBundle, UpstreamBundle } from '@batteries-included/batteries';
import { createBundleResolver } from './resolve-bundles.js';
import { startBundleServer, type BundleServer } from './testing/bundle-server.js';
import { createDirectoryBundleStore } from './testing/directory-bundle-store.js';

const needed = (bundle: UpstreamBundle): NeededBundle => ({
  key: `${bundle.name}@${bundle.version}`,
  bundle,
  batteries: ['grafana'],
});
const manifests: UpstreamBundle = { name: 'manifests', version: 'v1', urls: ['https://example.com/m.yaml'] };
const dashboards: UpstreamBundle = {
  name: 'dashboards',
  version: 'v1',
  urls: ['https://example.com/d.json'],
  contents: 'grafana-dashboards',
  optional: true,
};

/** The resolver against a local server answering 503 to everything (a release host that is down). */
describe('an optional bundle that cannot be had', () => {
  let server: BundleServer;
  let dir: string;
  beforeAll(async () => {
    server = await startBundleServer();
    server.set('/example.com/m.yaml', { kind: 'status', status: 503 });
    server.set('/example.com/d.json', { kind: 'status', status: 503 });
  });
  afterAll(() => server.close());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bi-optional-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is asked for once per try, and tried again only after ten times the failure memory', async () => {
    let clock = 0;
    const resolver = createBundleResolver({
      store: createDirectoryBundleStore(dir),
      mirror: server.url,
      fetch: { attempts: 3, backoffMs: 1 },
      failureTtlMs: 1_000,
      now: () => clock,
    });
    const first = await resolver.resolve([needed(manifests), needed(dashboards)]);
    expect(first['dashboards@v1']).toMatchObject({ error: expect.stringContaining('503') });
    expect(first['manifests@v1']).toMatchObject({ error: expect.stringContaining('503') });
    expect(server.hits.get('/example.com/d.json')).toBe(1);
    expect(server.hits.get('/example.com/m.yaml')).toBe(3);

    clock = 5_000; // past the failure memory of a required bundle, within the optional one's
    await resolver.resolve([needed(manifests), needed(dashboards)]);
    expect(server.hits.get('/example.com/m.yaml')).toBe(6);
    expect(server.hits.get('/example.com/d.json')).toBe(1);

    clock = 10_001;
    await resolver.resolve([needed(dashboards)]);
    expect(server.hits.get('/example.com/d.json')).toBe(2);
  });
});
