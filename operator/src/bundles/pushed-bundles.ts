import { Buffer } from 'node:buffer';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeObject } from '@batteries-included/batteries';
import { bundleDigest } from './digest.js';

/** Labels every pushed-bundle ConfigMap; the value is the bundle name. */
export const PUSHED_BUNDLE_LABEL = 'batteriesincl.com/bundle';
export const PUSHED_BUNDLE_KEY_ANNOTATION = 'batteriesincl.com/bundle-key';
export const PUSHED_BUNDLE_DIGEST_ANNOTATION = 'batteriesincl.com/bundle-sha256';
/** `<index>/<count>`, 1-based. */
export const PUSHED_BUNDLE_PART_ANNOTATION = 'batteriesincl.com/bundle-part';
const DATA_KEY = 'content.gz';
/**
 * Compressed bytes per ConfigMap. ConfigMaps hold at most 1 MiB, and the API request carries them base64-encoded
 * (4/3 larger), so parts stay well below both.
 */
export const PUSHED_PART_BYTES = 700 * 1024;

/** A bundle as pushed into a cluster, reassembled and verified. */
export interface PushedBundle {
  key: string;
  digest: string;
  content: string;
  /** The ConfigMaps it came from, for messages. */
  source: string;
}

/**
 * The ConfigMaps that carry a bundle into a cluster without internet (`bi bundles push`): gzip'd content split
 * into parts of at most `PUSHED_PART_BYTES`, as `binaryData`, labelled with the bundle name and annotated with
 * its key, digest and part. Names are `bundle-<first 16 hex of the digest>-<part>`, so pushing the same content
 * twice is idempotent and different content never overwrites it.
 */
export function pushedBundleConfigMaps(
  bundle: { key: string; name: string; content: string },
  namespace: string,
): KubeObject[] {
  const digest = bundleDigest(bundle.content);
  const compressed = gzipSync(Buffer.from(bundle.content, 'utf8'), { level: 9 });
  const count = Math.max(1, Math.ceil(compressed.byteLength / PUSHED_PART_BYTES));
  return Array.from({ length: count }, (_, index) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `bundle-${digest.slice(0, 16)}-${index + 1}`,
      namespace,
      labels: { [PUSHED_BUNDLE_LABEL]: bundle.name, 'app.kubernetes.io/part-of': 'batteries-included' },
      annotations: {
        [PUSHED_BUNDLE_KEY_ANNOTATION]: bundle.key,
        [PUSHED_BUNDLE_DIGEST_ANNOTATION]: digest,
        [PUSHED_BUNDLE_PART_ANNOTATION]: `${index + 1}/${count}`,
      },
    },
    binaryData: {
      [DATA_KEY]: compressed
        .subarray(index * PUSHED_PART_BYTES, (index + 1) * PUSHED_PART_BYTES)
        .toString('base64'),
    },
  }));
}

/**
 * Reassembles pushed bundles from ConfigMaps: groups parts by key and digest, skips incomplete sets, and keeps
 * only content whose SHA-256 equals the digest it was pushed with (a damaged ConfigMap is ignored, reported in
 * `problems`). Sorted by key.
 */
export function readPushedBundles(configMaps: readonly KubeObject[]): {
  bundles: PushedBundle[];
  problems: string[];
} {
  const groups = new Map<string, Array<{ index: number; count: number; object: KubeObject }>>();
  for (const object of configMaps) {
    const annotations = object.metadata.annotations ?? {};
    const key = annotations[PUSHED_BUNDLE_KEY_ANNOTATION];
    const digest = annotations[PUSHED_BUNDLE_DIGEST_ANNOTATION];
    const [index, count] = (annotations[PUSHED_BUNDLE_PART_ANNOTATION] ?? '').split('/').map(Number);
    if (!key || !digest || !index || !count) continue;
    const group = `${key}\n${digest}`;
    groups.set(group, [...(groups.get(group) ?? []), { index, count, object }]);
  }
  const bundles: PushedBundle[] = [];
  const problems: string[] = [];
  for (const [group, parts] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [key, digest] = group.split('\n') as [string, string];
    const names = parts.map((p) => p.object.metadata.name).sort();
    const count = parts[0]!.count;
    const sorted = [...parts].sort((a, b) => a.index - b.index);
    if (sorted.length !== count || sorted.some((p, i) => p.index !== i + 1)) {
      problems.push(`${key}: ${sorted.length} of ${count} parts pushed (${names.join(', ')})`);
      continue;
    }
    try {
      const bytes = Buffer.concat(
        sorted.map((p) =>
          Buffer.from(((p.object.binaryData as Record<string, string>) ?? {})[DATA_KEY] ?? '', 'base64'),
        ),
      );
      const content = gunzipSync(bytes).toString('utf8');
      const actual = bundleDigest(content);
      if (actual !== digest) {
        problems.push(`${key}: pushed content has sha256 ${actual}, not ${digest} as annotated`);
        continue;
      }
      bundles.push({ key, digest, content, source: `pushed ConfigMap ${names.join(', ')}` });
    } catch (error) {
      problems.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { bundles, problems };
}
