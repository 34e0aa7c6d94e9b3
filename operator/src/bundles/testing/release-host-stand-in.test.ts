import type { NeededBundle } from '@batteries-included/batteries';
import { createBundleResolver } from '../resolve-bundles.js';
import { createDirectoryBundleStore } from './directory-bundle-store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  catalogBundles,
  mirrorPath,
  startReleaseHostStandIn,
  type ReleaseHostStandIn,
  type UpstreamCrd,
} from './release-host-stand-in.js';

const crd = (name: string, group: string, channel?: string): UpstreamCrd => ({
  name,
  group,
  ...(channel ? { channel } : {}),
  text: JSON.stringify({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, ...(channel ? { annotations: { 'gateway.networking.k8s.io/channel': channel } } : {}) },
    spec: { group, channel },
  }),
});

/** Small CRDs in place of the real ones: enough to see which release file each lands in. */
const CRDS = [
  crd('certificates.cert-manager.io', 'cert-manager.io'),
  crd('bundles.trust.cert-manager.io', 'trust.cert-manager.io'),
  crd('clusters.postgresql.cnpg.io', 'postgresql.cnpg.io'),
  crd('ipaddresspools.metallb.io', 'metallb.io'),
  crd('services.serving.knative.dev', 'serving.knative.dev'),
  crd('httproutes.gateway.networking.k8s.io', 'gateway.networking.k8s.io', 'standard'),
  crd('httproutes.gateway.networking.k8s.io', 'gateway.networking.k8s.io', 'experimental'),
  crd('tcproutes.gateway.networking.k8s.io', 'gateway.networking.k8s.io', 'experimental'),
];

describe('the release-host stand-in', () => {
  let standIn: ReleaseHostStandIn;
  let cacheDir: string;
  beforeAll(async () => {
    standIn = await startReleaseHostStandIn(CRDS);
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'bi-stand-in-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('serves every catalog release URL, each with the CRDs of its project', () => {
    for (const { bundle } of catalogBundles())
      for (const url of bundle.urls) expect(standIn.files.has(mirrorPath(url))).toBe(true);
    const file = (suffix: string) => [...standIn.files].find(([path]) => path.endsWith(suffix))![1];
    expect(file('/cert-manager.yaml')).toContain('certificates.cert-manager.io');
    expect(file('/cert-manager.yaml')).not.toContain('bundles.trust.cert-manager.io');
    expect(file('/standard-install.yaml')).toContain('"standard"');
    expect(file('/standard-install.yaml')).not.toContain('tcproutes');
    expect(file('/experimental-install.yaml')).toContain('tcproutes');
    expect(file('/experimental-install.yaml')).not.toContain('"standard"');
  });

  it('is trusted through its own digests, pinned explicitly: other bytes or a real release pin are refused', async () => {
    const store = createDirectoryBundleStore(cacheDir);
    const pinned = (entry: NeededBundle, sha256: string): NeededBundle => ({
      ...entry,
      bundle: { ...entry.bundle, sha256 },
    });
    const metallb = catalogBundles().find((entry) => entry.key === 'metallb@v0.15.3')!;
    const resolver = () => createBundleResolver({ store, mirror: standIn.url, fetch: { attempts: 1 } });
    const digest = standIn.digests.get(metallb.key)!;
    expect(await resolver().resolve([pinned(metallb, digest)])).toMatchObject({
      [metallb.key]: { digest },
    });

    // The catalog pinning the real release's digest: the stand-in's bytes do not pass for it.
    const real = 'e'.repeat(64);
    const refused = await resolver().resolve([pinned(metallb, real)]);
    expect((refused[metallb.key] as { error: string }).error).toBe(
      `bundle metallb@v0.15.3: digest mismatch: expected sha256 ${real} (declared by the battery), got sha256 ${digest} from ${standIn.url}${mirrorPath(metallb.bundle.urls[0]!)}; refusing it`,
    );
    // Nor does the stand-in serving something other than what it declared.
    const path = mirrorPath(metallb.bundle.urls[0]!);
    standIn.set(path, { kind: 'file', content: `${standIn.files.get(path)}# changed\n` });
    try {
      const changed = await createBundleResolver({
        store: createDirectoryBundleStore(join(cacheDir, 'fresh')),
        mirror: standIn.url,
        fetch: { attempts: 1 },
      }).resolve([pinned(metallb, digest)]);
      expect((changed[metallb.key] as { error: string }).error).toMatch(
        new RegExp(`^bundle metallb@v0\\.15\\.3: digest mismatch: expected sha256 ${digest} \\(declared`),
      );
    } finally {
      standIn.set(path, { kind: 'file', content: standIn.files.get(path)! });
    }
  });
});
