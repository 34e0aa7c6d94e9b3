import { Buffer } from 'node:buffer';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NeededBundle } from '@batteries-included/batteries';
import { z } from 'zod';
import { bundleDigest, joinBundleFiles } from './digest.js';
import { BundleDigestMismatchError } from './errors.js';
import { fetchBundleFile, type FetchBundleOptions } from './fetch-bundle.js';
import { mirrorUrl } from './mirror.js';
import { parseBundle } from './parse-bundle.js';

/** The index `bi bundles pull` writes beside the bundle files, and `bi bundles push` reads. */
export const BUNDLE_INDEX_FILE = 'bundles.json';

export const bundleIndexSchema = z.object({
  version: z.literal(1),
  bundles: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      version: z.string(),
      urls: z.array(z.string()),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      file: z.string(),
      sizeBytes: z.number().int().nonnegative(),
      batteries: z.array(z.string()),
    }),
  ),
});
export type BundleIndex = z.infer<typeof bundleIndexSchema>;

export interface PullBundlesOptions extends Omit<FetchBundleOptions, 'signal'> {
  mirror?: string;
  signal?: AbortSignal;
}

/**
 * Downloads bundles into `dir` for a cluster without internet: one `<name>-<version>.yaml` per bundle (its files
 * joined as the operator joins them) and `bundles.json` with each digest. A bundle that declares a digest must
 * match it. Every bundle is parsed before it is written, so a broken download never reaches the index. A bundle
 * that cannot be pulled is reported in `failures`; the others are written and indexed.
 */
export async function pullBundles(
  needed: readonly NeededBundle[],
  dir: string,
  options: PullBundlesOptions = {},
): Promise<{ index: BundleIndex; failures: Error[] }> {
  await mkdir(dir, { recursive: true });
  const index: BundleIndex = { version: 1, bundles: [] };
  const failures: Error[] = [];
  for (const { key, bundle, batteries } of needed) {
    try {
      const files: string[] = [];
      for (const url of bundle.urls)
        files.push(await fetchBundleFile(mirrorUrl(url, options.mirror), options));
      const content = joinBundleFiles(files);
      const digest = bundleDigest(content);
      if (bundle.sha256 && bundle.sha256 !== digest)
        throw new BundleDigestMismatchError(key, bundle.sha256, digest, bundle.urls.join(', '), 'declared');
      parseBundle(key, content);
      const file = `${bundle.name}-${bundle.version}.yaml`;
      await writeFile(join(dir, file), content);
      index.bundles.push({
        key,
        name: bundle.name,
        version: bundle.version,
        urls: [...bundle.urls],
        sha256: digest,
        file,
        sizeBytes: Buffer.byteLength(content),
        batteries: [...batteries],
      });
    } catch (error) {
      failures.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  await writeFile(join(dir, BUNDLE_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return { index, failures };
}

/**
 * Reads what `pullBundles` wrote, verifying every file against its digest in the index.
 * @throws BundleDigestMismatchError when a file was changed after it was pulled
 */
export async function readPulledBundles(
  dir: string,
): Promise<Array<BundleIndex['bundles'][number] & { content: string }>> {
  const index = bundleIndexSchema.parse(JSON.parse(await readFile(join(dir, BUNDLE_INDEX_FILE), 'utf8')));
  const out = [];
  for (const entry of index.bundles) {
    const content = await readFile(join(dir, entry.file), 'utf8');
    const digest = bundleDigest(content);
    if (digest !== entry.sha256)
      throw new BundleDigestMismatchError(entry.key, entry.sha256, digest, join(dir, entry.file), 'declared');
    out.push({ ...entry, content });
  }
  return out;
}
