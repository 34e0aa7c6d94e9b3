import { catalogBundles } from './release-host-stand-in.js';
import { closedPort } from './bundle-server.js';
import { obtainUpstreamBundles, UpstreamBundlesUnavailableError } from './upstream-bundles.js';

describe('obtaining the upstream bundles for tests', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('fails with one message naming the bundles, the reason, a URL tried and the mirror variables, when nothing answers', async () => {
    process.env.BI_UPSTREAM_FIXTURES = '/nonexistent/upstream-crds';
    process.env.BI_BUNDLE_MIRROR = `http://127.0.0.1:${await closedPort()}`;
    const failure = await obtainUpstreamBundles().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UpstreamBundlesUnavailableError);
    const lines = (failure as Error).message.split('\n');
    expect(lines[0]).toBe(
      `upstream bundles unavailable from the bundle mirror BI_BUNDLE_MIRROR=${process.env.BI_BUNDLE_MIRROR}:`,
    );
    // Bundles that failed alike share a line naming them, the reason and a URL tried: the manifests after their
    // attempts, the optional dashboards after their one.
    const keys = (optional: boolean) =>
      catalogBundles()
        .filter((entry) => Boolean(entry.bundle.optional) === optional)
        .map((entry) => entry.key);
    const [named, reason] = lines[1]!.split(': fetch failed: ');
    expect(named).toBe(`  ${keys(false).join(', ')}`);
    expect(reason).toMatch(/^ECONNREFUSED \(after 2 attempts\) \(http:\/\/127\.0\.0\.1:\d+\/\S+\.yaml, …\)$/);
    const [dashboards, dashboardReason] = lines[2]!.split(': fetch failed: ');
    expect(dashboards).toBe(`  ${keys(true).join(', ')}`);
    expect(dashboardReason).toMatch(
      /^ECONNREFUSED \(after 1 attempts\) \(http:\/\/127\.0\.0\.1:\d+\/\S+, …\)$/,
    );
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe(
      'Without internet, set BI_UPSTREAM_FIXTURES to a directory of upstream CRDs, one folder per project, to serve ' +
        'them from a local stand-in mirror (now /nonexistent/upstream-crds, which does not exist), or ' +
        'BI_BUNDLE_MIRROR to a bundle mirror (https://host/path served as <mirror>/host/path).',
    );
    // Asked again (another test in the same file), the same failure: no second round of downloads.
    await expect(obtainUpstreamBundles()).rejects.toBe(failure);
  });
});
