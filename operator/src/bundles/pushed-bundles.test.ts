import { createHash } from 'node:crypto';
import { bundleDigest, joinBundleFiles } from './digest.js';
import { BundleParseError } from './errors.js';
import { parseBundle } from './parse-bundle.js';
import { PUSHED_PART_BYTES, pushedBundleConfigMaps, readPushedBundles } from './pushed-bundles.js';

/** Text that gzip cannot shrink much (hex of a hash chain), so it needs several ConfigMaps. */
function bulkyYaml(bytes: number): string {
  const lines: string[] = [];
  let seed = 'seed';
  let size = 0;
  while (size < bytes) {
    seed = createHash('sha256').update(seed).digest('hex');
    const line = `# ${seed}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulky\n`;
}

describe('pushed bundles (air-gap ConfigMaps)', () => {
  it('splits a large bundle into ConfigMaps under the size limit and reassembles it verified', () => {
    const content = bulkyYaml(3 * 1024 * 1024);
    const configMaps = pushedBundleConfigMaps(
      { key: 'cloudnative-pg@v1.28.0', name: 'cloudnative-pg', content },
      'batteries-included-system',
    );
    expect(configMaps.length).toBeGreaterThan(1);
    for (const configMap of configMaps) {
      const data = (configMap.binaryData as Record<string, string>)['content.gz']!;
      expect(Buffer.from(data, 'base64').byteLength).toBeLessThanOrEqual(PUSHED_PART_BYTES);
      expect(JSON.stringify(configMap).length).toBeLessThan(1024 * 1024);
      expect(configMap.metadata.labels?.['batteriesincl.com/bundle']).toBe('cloudnative-pg');
      expect(configMap.metadata.annotations?.['batteriesincl.com/bundle-sha256']).toBe(bundleDigest(content));
    }
    // Any order: the parts are put back by their index.
    const { bundles, problems } = readPushedBundles([...configMaps].reverse());
    expect(problems).toEqual([]);
    expect(bundles).toHaveLength(1);
    expect(bundles[0]).toMatchObject({ key: 'cloudnative-pg@v1.28.0', digest: bundleDigest(content) });
    expect(bundles[0]!.content).toBe(content);
  });

  it('ignores an incomplete or damaged bundle and says why', () => {
    const content = bulkyYaml(2 * 1024 * 1024);
    const configMaps = pushedBundleConfigMaps({ key: 'metallb@v0.15.3', name: 'metallb', content }, 'ns');
    const missing = readPushedBundles(configMaps.slice(1));
    expect(missing.bundles).toEqual([]);
    expect(missing.problems[0]).toMatch(/^metallb@v0\.15\.3: \d+ of \d+ parts pushed/);

    const single = pushedBundleConfigMaps(
      { key: 'gateway-api@v1.3.0', name: 'gateway-api', content: 'kind: A\n' },
      'ns',
    );
    const tampered = structuredClone(single);
    tampered[0]!.metadata.annotations!['batteriesincl.com/bundle-sha256'] = 'f'.repeat(64);
    const damaged = readPushedBundles(tampered);
    expect(damaged.bundles).toEqual([]);
    expect(damaged.problems).toEqual([
      `gateway-api@v1.3.0: pushed content has sha256 ${bundleDigest('kind: A\n')}, not ${'f'.repeat(64)} as annotated`,
    ]);
  });
});

describe('parseBundle', () => {
  it('reads every object of the joined files in order, expanding Lists and skipping empty documents', () => {
    const content = joinBundleFiles([
      '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: cert-manager\n---\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: a, namespace: cert-manager}\n',
    ]);
    expect(parseBundle('cert-manager@v1.19.2', content).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/cert-manager',
      'ServiceAccount/a',
    ]);
  });

  it('names the bundle and the document that is not a Kubernetes object', () => {
    expect(() =>
      parseBundle('knative-serving@v1.20.0', 'apiVersion: v1\nkind: ConfigMap\n---\nfoo: [\n'),
    ).toThrow(BundleParseError);
    expect(() => parseBundle('knative-serving@v1.20.0', 'apiVersion: v1\nkind: ConfigMap\n')).toThrow(
      /^bundle knative-serving@v1\.20\.0: document 1 is not a Kubernetes object: metadata: /,
    );
  });
});
