import { closedPort, startBundleServer, type BundleServer } from './testing/bundle-server.js';
import { BundleFetchError } from './errors.js';
import { fetchBundleFile } from './fetch-bundle.js';
import { mirrorUrl } from './mirror.js';

describe('fetchBundleFile against a local server', () => {
  let server: BundleServer;
  const fast = { backoffMs: 5, timeoutMs: 2_000 };
  beforeAll(async () => {
    server = await startBundleServer(new Map([['/files/a.yaml', 'kind: A\n']]));
  });
  afterAll(() => server.close());
  beforeEach(() => server.hits.clear());

  it('downloads a file and follows a bounded number of redirects', async () => {
    server.set('/r1', { kind: 'redirect', location: '/r2' });
    server.set('/r2', { kind: 'redirect', location: `${server.url}/files/a.yaml`, status: 301 });
    expect(await fetchBundleFile(`${server.url}/r1`, fast)).toBe('kind: A\n');
    expect(server.hits.get('/files/a.yaml')).toBe(1);

    for (let n = 0; n < 7; n++) server.set(`/loop${n}`, { kind: 'redirect', location: `/loop${n + 1}` });
    await expect(fetchBundleFile(`${server.url}/loop0`, { ...fast, maxRedirects: 5 })).rejects.toThrow(
      `${server.url}/loop0: more than 5 redirects`,
    );
    // Redirect loops are final: not retried.
    expect(server.hits.get('/loop0')).toBe(1);
  });

  it('retries HTTP 503 with backoff and succeeds', async () => {
    server.set('/flaky.yaml', { kind: 'flaky', times: 2, content: 'kind: B\n' });
    const retries: number[] = [];
    const content = await fetchBundleFile(`${server.url}/flaky.yaml`, {
      ...fast,
      attempts: 4,
      onRetry: ({ delayMs }) => retries.push(delayMs),
    });
    expect(content).toBe('kind: B\n');
    expect(server.hits.get('/flaky.yaml')).toBe(3);
    expect(retries).toEqual([5, 10]);
  });

  it('gives up on an unreachable host after every attempt, naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/cert-manager.yaml`;
    const error = await fetchBundleFile(url, { ...fast, attempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleFetchError);
    expect((error as BundleFetchError).message).toMatch(
      new RegExp(`^${url.replace(/[.?]/g, '\\$&')}: .*ECONNREFUSED.* \\(after 3 attempts\\)$`),
    );
  });

  it('does not retry a 404', async () => {
    await expect(fetchBundleFile(`${server.url}/missing.yaml`, { ...fast, attempts: 4 })).rejects.toThrow(
      'HTTP 404',
    );
    expect(server.hits.get('/missing.yaml')).toBe(1);
  });

  it('refuses an oversized file by its Content-Length, and one without a length while streaming', async () => {
    server.set('/big.yaml', { kind: 'file', content: 'x'.repeat(2048) });
    await expect(fetchBundleFile(`${server.url}/big.yaml`, { ...fast, maxBytes: 1024 })).rejects.toThrow(
      'refused: larger than the 1024-byte limit (Content-Length 2048)',
    );
    server.set('/stream.yaml', { kind: 'stream', bytes: 4 * 1024 * 1024 });
    await expect(
      fetchBundleFile(`${server.url}/stream.yaml`, { ...fast, maxBytes: 1024 * 1024, attempts: 3 }),
    ).rejects.toThrow(
      `refused: larger than the ${1024 * 1024}-byte limit (more than ${1024 * 1024} bytes received)`,
    );
    expect(server.hits.get('/stream.yaml')).toBe(1);
  });

  it('times out a stalled transfer and retries it', async () => {
    server.set('/hang.yaml', { kind: 'hang' });
    await expect(
      fetchBundleFile(`${server.url}/hang.yaml`, { timeoutMs: 200, backoffMs: 5, attempts: 2 }),
    ).rejects.toThrow('timed out after 200 ms (after 2 attempts)');
    expect(server.hits.get('/hang.yaml')).toBe(2);
  });

  it('maps release URLs onto a mirror by host and path', () => {
    expect(
      mirrorUrl(
        'https://github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml',
        'http://127.0.0.1:8080/',
      ),
    ).toBe(
      'http://127.0.0.1:8080/github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml',
    );
    expect(mirrorUrl('https://example.com/a.yaml', undefined)).toBe('https://example.com/a.yaml');
  });
});
