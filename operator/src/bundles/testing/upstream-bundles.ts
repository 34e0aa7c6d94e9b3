import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject, NeededBundle, UpstreamBundle } from '@batteries-included/batteries';
import type { BundleStore } from '../../store/bundle-store.js';
import { createBundleResolver } from '../resolve-bundles.js';
import { createDirectoryBundleStore } from './directory-bundle-store.js';
import {
  catalogBundles,
  standInReleaseFiles,
  startReleaseHostStandIn,
  upstreamCrd,
  type UpstreamCrd,
} from './release-host-stand-in.js';
import {
  DEFAULT_UPSTREAM_FIXTURES,
  readFixtureCrds,
  upstreamFixturesDir,
  UPSTREAM_FIXTURES_VARIABLE,
} from './upstream-fixtures.js';

/** The operator's mirror variable (`https://host/path` is fetched as `<mirror>/host/path`); tests honour it too. */
export const BUNDLE_MIRROR_VARIABLE = 'BI_BUNDLE_MIRROR';

/** A catalog bundle as the tests obtained it: verified, cached, parsed. */
export interface ObtainedBundle {
  readonly key: string;
  /** As resolved: with the stand-in's digest pinned when it came from the offline mirror. */
  readonly bundle: UpstreamBundle;
  readonly batteries: readonly string[];
  readonly digest: string;
  /** The files joined, as the operator hashes them and `bi bundles pull` writes them. */
  readonly content: string;
  readonly objects: readonly KubeObject[];
}

export interface UpstreamBundles {
  /** Where they came from, for messages. */
  readonly source: string;
  /** Every catalog bundle (both Gateway API channels), by `<name>@<version>`. */
  readonly bundles: ReadonlyMap<string, ObtainedBundle>;
}

/** The catalog's upstream bundles could not be had from any source: one message says why and what to set. */
export class UpstreamBundlesUnavailableError extends Error {
  override readonly name = 'UpstreamBundlesUnavailableError';
}

/** Where the bundles the tests obtained are cached across runs: `.testenv/upstream-bundles` in the repository. */
export function upstreamBundleCacheDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../.testenv/upstream-bundles');
}

let obtained: Promise<UpstreamBundles> | undefined;

/**
 * The catalog's upstream bundles, obtained the way the operator obtains them — the bundle resolver fetches each
 * declared release URL, verifies its digest and caches it (here in `upstreamBundleCacheDir()`, so later runs fetch
 * nothing) — from the first source that exists:
 * 1. `BI_BUNDLE_MIRROR`, a bundle mirror (as for the operator), trusted like the release URLs: declared digests,
 *    else the first one seen;
 * 2. the offline mirror: a release-host stand-in (`startReleaseHostStandIn`) fed by `BI_UPSTREAM_FIXTURES`, default
 *    `../shared/fixtures/upstream-crds` beside the repository. Its bytes are not the real releases', so the resolver
 *    is given the stand-in's own digests as pins instead of the catalog's: verification still runs on every byte
 *    fetched, and a real release's pin is never silently satisfied by stand-in content;
 * 3. the release URLs themselves, over HTTPS.
 * Memoized per module instance (one per jest test file).
 * @throws UpstreamBundlesUnavailableError naming every bundle that failed, why, and the mirror variables
 */
export function obtainUpstreamBundles(): Promise<UpstreamBundles> {
  return (obtained ??= obtain());
}

async function obtain(): Promise<UpstreamBundles> {
  const cache = createDirectoryBundleStore(upstreamBundleCacheDir());
  const source = await chooseSource();
  try {
    const needed: NeededBundle[] = catalogBundles().map((entry) => {
      const pinned = source.pins?.get(entry.key);
      return pinned ? { ...entry, bundle: { ...entry.bundle, sha256: pinned } } : entry;
    });
    const resolver = createBundleResolver({
      store: cache,
      mirror: source.mirror,
      fetch: { attempts: 2, backoffMs: 200, timeoutMs: 60_000 },
    });
    const resolved = await resolver.resolve(needed);
    const failures = Object.entries(resolved).flatMap(([key, entry]) =>
      'error' in entry ? [{ key, url: entry.url, reason: entry.error }] : [],
    );
    if (failures.length > 0) throw new UpstreamBundlesUnavailableError(unavailableMessage(source, failures));
    const bundles = new Map<string, ObtainedBundle>();
    for (const { key, bundle, batteries } of needed) {
      const entry = resolved[key] as { digest: string; objects: readonly KubeObject[] };
      const content = await cachedContent(cache, entry.digest);
      bundles.set(key, { key, bundle, batteries, digest: entry.digest, content, objects: entry.objects });
    }
    return { source: source.description, bundles };
  } finally {
    await source.close?.();
  }
}

interface Source {
  description: string;
  mirror?: string;
  /** Digests to verify instead of the catalog's (the stand-in's own). */
  pins?: ReadonlyMap<string, string>;
  close?: () => Promise<void>;
}

async function chooseSource(): Promise<Source> {
  const mirror = process.env[BUNDLE_MIRROR_VARIABLE];
  if (mirror) return { description: `the bundle mirror ${BUNDLE_MIRROR_VARIABLE}=${mirror}`, mirror };
  const dir = upstreamFixturesDir();
  const fixtures = readFixtureCrds(dir);
  if (!fixtures) return { description: "the catalog's release URLs (no mirror configured)" };
  const standIn = await startReleaseHostStandIn(fixtures);
  return {
    description: `the offline mirror at ${standIn.url} (a release-host stand-in fed by ${dir})`,
    mirror: standIn.url,
    pins: standIn.digests,
    close: () => standIn.close(),
  };
}

interface Failure {
  key: string;
  url?: string;
  reason: string;
}

/** One line per distinct reason (offline, every bundle fails alike), naming the bundles and a URL tried. */
function unavailableMessage(source: Source, failures: readonly Failure[]): string {
  const fixtures = upstreamFixturesDir();
  const byReason = new Map<string, Failure[]>();
  for (const failure of failures)
    byReason.set(failure.reason, [...(byReason.get(failure.reason) ?? []), failure]);
  const pinned = failures.some((failure) => failure.reason.includes('recorded on first use'));
  return [
    `upstream bundles unavailable from ${source.description}:`,
    ...[...byReason].map(
      ([reason, alike]) =>
        `  ${alike.map((f) => f.key).join(', ')}: ${reason}${alike[0]!.url ? ` (${alike[0]!.url}${alike.length > 1 ? ', …' : ''})` : ''}`,
    ),
    'Tests obtain upstream CRDs the way the operator does: through the bundle fetcher, from the release URLs the ' +
      `batteries declare, verified and cached in ${upstreamBundleCacheDir()}.`,
    ...(pinned
      ? [
          `A digest recorded on first use refuses other content: delete ${upstreamBundleCacheDir()}/pins to accept it.`,
        ]
      : []),
    `Without internet, set ${UPSTREAM_FIXTURES_VARIABLE} to a directory of upstream CRDs, one folder per project, ` +
      `to serve them from a local stand-in mirror (${
        process.env[UPSTREAM_FIXTURES_VARIABLE]
          ? `now ${fixtures}, which does not exist`
          : `default ${DEFAULT_UPSTREAM_FIXTURES} beside the repository, not found at ${fixtures}`
      }), or ${BUNDLE_MIRROR_VARIABLE} to a bundle mirror (https://host/path served as <mirror>/host/path).`,
  ].join('\n');
}

async function cachedContent(cache: BundleStore, digest: string): Promise<string> {
  const content = await cache.getBundleContent(digest);
  if (content === undefined)
    throw new Error(`bundle ${digest}: resolved but not in ${upstreamBundleCacheDir()}`);
  return content;
}

/**
 * Every upstream CRD in the obtained bundles, once per name and Gateway API channel, as input for a release-host
 * stand-in the test controls (`startReleaseHostStandIn`, `standInReleaseFiles`).
 */
export async function upstreamCrds(): Promise<UpstreamCrd[]> {
  const { bundles } = await obtainUpstreamBundles();
  const unique = new Map<string, UpstreamCrd>();
  for (const { objects } of bundles.values()) {
    for (const object of objects) {
      if (object.kind !== 'CustomResourceDefinition') continue;
      const crd = upstreamCrd(object);
      unique.set(`${crd.name} ${crd.channel ?? ''}`, crd);
    }
  }
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, crd]) => crd);
}

/** The custom resource kinds the catalog's charts generate (cert-manager, CloudNativePG, MetalLB, Gateway API, Istio, trust-manager). */
const CATALOG_CUSTOM_RESOURCE_CRDS = [
  'certificates.cert-manager.io',
  'issuers.cert-manager.io',
  'clusterissuers.cert-manager.io',
  'bundles.trust.cert-manager.io',
  'gateways.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'peerauthentications.security.istio.io',
  'telemetries.telemetry.istio.io',
  'clusters.postgresql.cnpg.io',
  'ipaddresspools.metallb.io',
  'l2advertisements.metallb.io',
  // What KnativeService instances render.
  'services.serving.knative.dev',
];

/**
 * The real upstream CRDs of the custom resources the catalog's charts generate, from the obtained bundles. At run
 * time they come with the bundles; tests that apply the catalog's output without the operator install these first.
 */
export async function catalogCustomResourceCrds(): Promise<Array<{ name: string; object: KubeObject }>> {
  const { source, bundles } = await obtainUpstreamBundles();
  const crds = new Map(
    [...bundles.values()]
      .flatMap((b) => b.objects)
      .filter((o) => o.kind === 'CustomResourceDefinition')
      .map((o) => [o.metadata.name, o]),
  );
  return CATALOG_CUSTOM_RESOURCE_CRDS.map((name) => {
    const object = crds.get(name);
    if (!object) throw new UpstreamBundlesUnavailableError(`${source}: no bundle contains the CRD ${name}`);
    return { name, object };
  });
}

/**
 * The release files a stand-in built from the obtained CRDs serves, by mirror path (`/<host>/<path>`): for tests
 * that run their own release host to make it fail, flake or change (`startBundleServer(files)`).
 */
export async function upstreamReleaseFiles(): Promise<Map<string, string>> {
  return standInReleaseFiles(await upstreamCrds());
}
