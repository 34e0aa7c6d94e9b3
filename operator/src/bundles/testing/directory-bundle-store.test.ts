import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleDigest } from '../digest.js';
import { createDirectoryBundleStore } from './directory-bundle-store.js';

describe('the bundle cache in a directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bi-bundle-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps content by digest across instances, and treats a damaged file as a miss', async () => {
    const content = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n';
    const digest = bundleDigest(content);
    await createDirectoryBundleStore(dir).putBundleContent(digest, content);
    const reopened = createDirectoryBundleStore(dir);
    expect(await reopened.getBundleContent(digest)).toBe(content);
    expect(await reopened.getBundleContent('0'.repeat(64))).toBeUndefined();

    writeFileSync(join(dir, 'sha256', `${digest}.yaml`), `${content}# changed on disk\n`);
    expect(await reopened.getBundleContent(digest)).toBeUndefined();
    expect(readdirSync(join(dir, 'sha256'))).toEqual([`${digest}.yaml`]);
  });

  it('pins a key once: a later pin of another digest gets the first one back', async () => {
    const store = createDirectoryBundleStore(dir);
    expect(await store.getBundlePin('cert-manager@v1.19.2')).toBeUndefined();
    const first = await store.pinBundle('cert-manager@v1.19.2', 'a'.repeat(64), 'https://example.com/a.yaml');
    const second = await createDirectoryBundleStore(dir).pinBundle(
      'cert-manager@v1.19.2',
      'b'.repeat(64),
      'x',
    );
    expect(second).toEqual(first);
    expect(first).toMatchObject({ key: 'cert-manager@v1.19.2', digest: 'a'.repeat(64) });
    await store.pinBundle('metallb@v0.15.3', 'c'.repeat(64), 'y');
    expect((await store.listBundlePins()).map((pin) => pin.key)).toEqual([
      'cert-manager@v1.19.2',
      'metallb@v0.15.3',
    ]);
    expect(readdirSync(join(dir, 'pins')).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
