import type { KubeObject, NeededBundle, SnapshotBundle, UpstreamBundle } from '@batteries-included/batteries';
import type { BundleStore } from '../store/bundle-store.js';
import { bundleDigest, joinBundleFiles } from './digest.js';
import { BundleDigestMismatchError } from './errors.js';
import { fetchBundleFile, type FetchBundleOptions } from './fetch-bundle.js';
import { mirrorUrl } from './mirror.js';
import { parseBundle } from './parse-bundle.js';
import type { PushedBundle } from './pushed-bundles.js';

export interface BundleResolverOptions {
  /** The content-addressed cache and the trust-on-first-use pins (the operator's store). */
  store: BundleStore;
  /** Rewrites upstream URLs (see `mirrorUrl`); unset: fetch from the URLs the batteries declare. */
  mirror?: string;
  /** Timeout, attempts, backoff, size and redirect limits per file. */
  fetch?: Omit<FetchBundleOptions, 'signal'>;
  /** Bundles pushed into the cluster (`bi bundles push`), consulted when the cache misses, before any download. */
  pushed?: () => Promise<readonly PushedBundle[]>;
  /** How long a failure is remembered before the next pass tries again, in milliseconds. @default 30_000 */
  failureTtlMs?: number;
  /** Milliseconds since some epoch, for the failure memory. @default Date.now */
  now?: () => number;
}

/** An optional bundle's file must arrive within this long (milliseconds); the battery works without it. */
const OPTIONAL_FETCH_TIMEOUT_MS = 5_000;
/** An optional bundle that failed is tried again after ten times the usual failure memory (5 minutes by default). */
const OPTIONAL_FAILURE_TTL_FACTOR = 10;

/** Counters, for metrics and tests: a second pass over cached bundles makes no fetch and no store read. */
export interface BundleResolverStats {
  fetches: number;
  storeHits: number;
  pushedImports: number;
  memoryHits: number;
}

export interface BundleResolver {
  /**
   * Obtains every needed bundle — from memory, the store's cache, pushed ConfigMaps, or HTTPS, in that order — and
   * verifies its digest against the declared pin or the one recorded on first use. Never throws: a bundle that
   * cannot be had is an `{ error, url }` entry, so only its batteries fail.
   */
  resolve(needed: readonly NeededBundle[], signal?: AbortSignal): Promise<Record<string, SnapshotBundle>>;
  readonly stats: BundleResolverStats;
}

/**
 * The Prepare side of upstream bundles. Parsed objects are kept in memory by digest, so a pass over bundles it
 * has seen costs no I/O and no parsing.
 * @example const resolver = createBundleResolver({ store, mirror: process.env.BI_BUNDLE_MIRROR })
 */
export function createBundleResolver(options: BundleResolverOptions): BundleResolver {
  const { store, failureTtlMs = 30_000, now = Date.now } = options;
  const parsed = new Map<string, { digest: string; objects: readonly KubeObject[] }>();
  const failures = new Map<string, { at: number; entry: SnapshotBundle }>();
  const stats: BundleResolverStats = { fetches: 0, storeHits: 0, pushedImports: 0, memoryHits: 0 };

  async function resolveOne(
    bundle: UpstreamBundle,
    key: string,
    pushed: () => Promise<readonly PushedBundle[]>,
    signal?: AbortSignal,
  ): Promise<SnapshotBundle> {
    const known = parsed.get(key);
    if (known && (!bundle.sha256 || bundle.sha256 === known.digest)) {
      stats.memoryHits++;
      return known;
    }
    const failed = failures.get(key);
    const ttl = bundle.optional ? failureTtlMs * OPTIONAL_FAILURE_TTL_FACTOR : failureTtlMs;
    if (failed && now() - failed.at < ttl) return failed.entry;

    const stored = bundle.sha256 ? undefined : await store.getBundlePin(key);
    const pin = bundle.sha256
      ? { digest: bundle.sha256, by: 'declared' as const }
      : stored && { digest: stored.digest, by: 'first use' as const };
    if (pin) {
      const content = await store.getBundleContent(pin.digest);
      if (content !== undefined) {
        stats.storeHits++;
        return remember(key, pin.digest, parseBundle(key, content));
      }
    }

    // Pushed ConfigMaps first: a cluster fed by `bi bundles push` never needs the internet.
    const offered = (await pushed()).filter((p) => p.key === key);
    const match = offered.find((p) => !pin || p.digest === pin.digest) ?? offered[0];
    if (match) {
      const objects = parseBundle(key, match.content);
      await accept(key, match.digest, match.content, match.source, pin);
      stats.pushedImports++;
      return remember(key, match.digest, objects);
    }

    const files: string[] = [];
    for (const url of bundle.urls) {
      stats.fetches++;
      // An optional bundle (a dashboard) gets one short attempt: the battery works without it, and retries or a
      // long timeout would hold up every pass while it cannot be had.
      const attempts = bundle.optional ? { attempts: 1, timeoutMs: OPTIONAL_FETCH_TIMEOUT_MS } : {};
      files.push(
        await fetchBundleFile(mirrorUrl(url, options.mirror), { ...options.fetch, ...attempts, signal }),
      );
    }
    const content = joinBundleFiles(files);
    const digest = bundleDigest(content);
    const source = bundle.urls.map((url) => mirrorUrl(url, options.mirror)).join(', ');
    // Parsed before it is pinned or cached: content that is not Kubernetes objects is never trusted.
    const objects = parseBundle(key, content);
    await accept(key, digest, content, source, pin);
    return remember(key, digest, objects);
  }

  /** Verifies content against the pin (recording one on first use), then caches it by digest. */
  async function accept(
    key: string,
    digest: string,
    content: string,
    source: string,
    pin: { digest: string; by: 'declared' | 'first use' } | undefined,
  ): Promise<void> {
    if (pin && pin.digest !== digest)
      throw new BundleDigestMismatchError(key, pin.digest, digest, source, pin.by);
    if (!pin) {
      // Two operators racing to pin: the first one wins and the other is held to it.
      const held = await store.pinBundle(key, digest, source);
      if (held.digest !== digest)
        throw new BundleDigestMismatchError(key, held.digest, digest, source, 'first use');
    }
    await store.putBundleContent(digest, content);
  }

  function remember(key: string, digest: string, objects: readonly KubeObject[]): SnapshotBundle {
    const entry = { digest, objects };
    parsed.set(key, entry);
    failures.delete(key);
    return entry;
  }

  return {
    stats,
    async resolve(needed, signal) {
      // The cluster's pushed bundles are listed at most once per pass, and only when something is missing.
      let listing: Promise<readonly PushedBundle[]> | undefined;
      const pushed = () =>
        (listing ??= options.pushed ? options.pushed().catch(() => []) : Promise.resolve([]));
      const entries = await Promise.all(
        needed.map(async ({ key, bundle }): Promise<[string, SnapshotBundle]> => {
          try {
            return [key, await resolveOne(bundle, key, pushed, signal)];
          } catch (error) {
            const url = (error as { url?: string }).url ?? mirrorUrl(bundle.urls[0]!, options.mirror);
            const reason =
              error instanceof BundleDigestMismatchError
                ? error.message
                : error instanceof Error
                  ? ((error as { reason?: string }).reason ?? error.message)
                  : String(error);
            const entry: SnapshotBundle = { error: reason, url };
            failures.set(key, { at: now(), entry });
            return [key, entry];
          }
        }),
      );
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
    },
  };
}
