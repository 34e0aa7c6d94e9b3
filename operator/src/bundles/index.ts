// Upstream bundles: obtain, verify, cache and import release manifests (see README.md).
export * from './errors.js';
export { bundleDigest, joinBundleFiles } from './digest.js';
export { fetchBundleFile, DEFAULT_MAX_BUNDLE_BYTES, type FetchBundleOptions } from './fetch-bundle.js';
export { mirrorUrl } from './mirror.js';
export { parseBundle } from './parse-bundle.js';
export {
  createBundleResolver,
  type BundleResolver,
  type BundleResolverOptions,
  type BundleResolverStats,
} from './resolve-bundles.js';
export {
  pushedBundleConfigMaps,
  readPushedBundles,
  PUSHED_BUNDLE_LABEL,
  PUSHED_BUNDLE_KEY_ANNOTATION,
  PUSHED_BUNDLE_DIGEST_ANNOTATION,
  PUSHED_BUNDLE_PART_ANNOTATION,
  PUSHED_PART_BYTES,
  type PushedBundle,
} from './pushed-bundles.js';
export {
  pullBundles,
  readPulledBundles,
  bundleIndexSchema,
  BUNDLE_INDEX_FILE,
  type BundleIndex,
  type PullBundlesOptions,
} from './pull-bundles.js';
export { listPushedBundles } from './list-pushed-bundles.js';
// Test support (this workspace's, the CLI's and deploy's tests, the generate benchmark): upstream bundles obtained
// through the resolver, a release-host stand-in, and a local release server to misbehave.
export { startBundleServer, type BundleServer, type Route } from './testing/bundle-server.js';
export { createDirectoryBundleStore } from './testing/directory-bundle-store.js';
export {
  catalogBundles,
  mirrorPath,
  standInReleaseFiles,
  startReleaseHostStandIn,
  type ReleaseHostStandIn,
  type UpstreamCrd,
} from './testing/release-host-stand-in.js';
export { upstreamFixturesDir, UPSTREAM_FIXTURES_VARIABLE } from './testing/upstream-fixtures.js';
export {
  catalogCustomResourceCrds,
  obtainUpstreamBundles,
  upstreamBundleCacheDir,
  upstreamCrds,
  upstreamReleaseFiles,
  UpstreamBundlesUnavailableError,
  BUNDLE_MIRROR_VARIABLE,
  type ObtainedBundle,
  type UpstreamBundles,
} from './testing/upstream-bundles.js';
