import { Buffer } from 'node:buffer';
import { integer, optionalText, text, timestamp, type Sql } from '@batteries-included/sql';

/** The digest a bundle key was first seen with: later fetches must match it. */
export interface BundlePin {
  key: string;
  digest: string;
  /** Where the pinned content came from: a URL, `pushed` (an air-gap ConfigMap) or `declared`. */
  source: string;
  pinnedAt: Date;
}

/** The store's part of the bundle cache (operator/src/bundles): content by digest, and trust-on-first-use pins. */
export interface BundleStore {
  /** The content stored under a SHA-256 digest, or undefined. */
  getBundleContent(digest: string): Promise<string | undefined>;
  /** Stores content under its digest (the caller verified it); storing the same digest again is a no-op. */
  putBundleContent(digest: string, content: string): Promise<void>;
  getBundlePin(key: string): Promise<BundlePin | undefined>;
  /**
   * Pins `key` to `digest` unless it is pinned already, and resolves with the pin that holds afterwards — the
   * existing one when another process (or an earlier fetch) pinned first, so callers compare and refuse.
   */
  pinBundle(key: string, digest: string, source: string): Promise<BundlePin>;
  /** Every pin, sorted by key (for `bi bundles` and the API). */
  listBundlePins(): Promise<BundlePin[]>;
}

export function createBundleStore(sql: Sql): BundleStore {
  const pinOf = (row: Record<string, unknown>): BundlePin => ({
    key: text(row, 'key'),
    digest: text(row, 'digest'),
    source: text(row, 'source'),
    pinnedAt: timestamp(row, 'pinned_at'),
  });
  return {
    async getBundleContent(digest) {
      const [row] = await sql.query('SELECT content FROM bundle_contents WHERE digest = $1', [digest]);
      return row ? optionalText(row, 'content') : undefined;
    },
    async putBundleContent(digest, content) {
      await sql.query(
        `INSERT INTO bundle_contents (digest, content, size_bytes) VALUES ($1, $2, $3)
         ON CONFLICT (digest) DO NOTHING`,
        [digest, content, Buffer.byteLength(content)],
      );
    },
    async getBundlePin(key) {
      const [row] = await sql.query('SELECT key, digest, source, pinned_at FROM bundle_pins WHERE key = $1', [
        key,
      ]);
      return row ? pinOf(row) : undefined;
    },
    async pinBundle(key, digest, source) {
      await sql.query(
        'INSERT INTO bundle_pins (key, digest, source) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING',
        [key, digest, source],
      );
      const [row] = await sql.query('SELECT key, digest, source, pinned_at FROM bundle_pins WHERE key = $1', [
        key,
      ]);
      return pinOf(row!);
    },
    async listBundlePins() {
      const rows = await sql.query('SELECT key, digest, source, pinned_at FROM bundle_pins ORDER BY key');
      return rows.map(pinOf);
    },
  };
}

/** Bytes of cached bundle content (for metrics and the README's numbers). */
export async function bundleCacheBytes(sql: Sql): Promise<number> {
  const [row] = await sql.query('SELECT COALESCE(SUM(size_bytes), 0)::integer AS bytes FROM bundle_contents');
  return integer(row ?? {}, 'bytes');
}
