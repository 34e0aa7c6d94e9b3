import { createHash } from 'node:crypto';
import { BUNDLE_FILE_SEPARATOR } from '@batteries-included/batteries';

/** A bundle's content: its files in declared order, joined by a YAML document break. */
export function joinBundleFiles(files: readonly string[]): string {
  return files.join(BUNDLE_FILE_SEPARATOR);
}

/** Lower-case hex SHA-256 of the UTF-8 content: the digest a bundle is pinned and cached by. */
export function bundleDigest(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}
