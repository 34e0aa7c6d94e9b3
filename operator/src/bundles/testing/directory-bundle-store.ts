import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundlePin, BundleStore } from '../../store/bundle-store.js';
import { bundleDigest } from '../digest.js';

/**
 * The bundle resolver's cache and trust-on-first-use pins in a directory instead of the operator's store, so tests
 * and benchmarks keep upstream bundles across runs and processes like testenv keeps its binaries:
 * `<dir>/sha256/<digest>.yaml` (checked against its name on every read: a damaged file is a miss, never trusted) and
 * `<dir>/pins/<key>.json` (linked into place exclusively, so of two processes pinning at once the first one wins, as with the
 * store's `ON CONFLICT DO NOTHING`). Writes go through a temporary file and a rename, so readers never see half a file.
 */
export function createDirectoryBundleStore(dir: string): BundleStore {
  const contents = join(dir, 'sha256');
  const pins = join(dir, 'pins');
  mkdirSync(contents, { recursive: true });
  mkdirSync(pins, { recursive: true });
  const pinFile = (key: string) => join(pins, `${encodeURIComponent(key)}.json`);
  const readPin = (file: string): BundlePin | undefined => {
    const text = readIfExists(file);
    if (text === undefined) return undefined;
    const { key, digest, source, pinnedAt } = JSON.parse(text) as Record<string, string>;
    return { key: key!, digest: digest!, source: source!, pinnedAt: new Date(pinnedAt!) };
  };

  return {
    async getBundleContent(digest) {
      const content = readIfExists(join(contents, `${digest}.yaml`));
      return content !== undefined && bundleDigest(content) === digest ? content : undefined;
    },
    async putBundleContent(digest, content) {
      const file = join(contents, `${digest}.yaml`);
      const temporary = `${file}.${randomUUID()}.tmp`;
      writeFileSync(temporary, content);
      renameSync(temporary, file);
    },
    async getBundlePin(key) {
      return readPin(pinFile(key));
    },
    async pinBundle(key, digest, source) {
      const pin = { key, digest, source, pinnedAt: new Date().toISOString() };
      const temporary = `${pinFile(key)}.${randomUUID()}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(pin)}\n`);
      try {
        // A hard link is created whole or not at all, and never over an existing pin.
        linkSync(temporary, pinFile(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(temporary, { force: true });
      }
      return readPin(pinFile(key))!;
    },
    async listBundlePins() {
      return readdirSync(pins)
        .filter((file) => file.endsWith('.json'))
        .map((file) => readPin(join(pins, file))!)
        .sort((a, b) => (a.key < b.key ? -1 : 1));
    },
  };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
