// The operator's test platform: `import { startPlatform, eventually } from '@batteries-included/operator/testing'`.
// Everything an integration suite needs to start, drive and wait on the platform, from one entry (README.md).
export {
  startPlatform,
  installBatteryCrds,
  testLogger,
  type OperatorPlatform,
  type Platform,
  type PlatformApi,
  type PlatformOptions,
  type PlatformStore,
  type StartApiOptions,
} from './platform.js';
export {
  createApiClient,
  fetchTransport,
  readEventStream,
  type ApiClient,
  type ApiRequest,
  type ApiResponse,
  type EventStream,
  type StreamedEvent,
  type Transport,
} from './api-client.js';
export { spawnOperator, type LogLine, type OperatorProcess } from './operator-process.js';
export {
  PLATFORM_BATTERIES,
  batteryStates,
  liveHashes,
  liveManagedObjects,
  resourceVersions,
  untilPlatformReady,
  type BatteryState,
  type HasKubectl,
} from './platform-state.js';
export { allPasses, inventoryProblems, passHistoryProblems } from './store-checks.js';
export { provisionLikeCnpg, runPsql, type CnpgClusterView } from './cnpg-roles.js';
export { repoPath } from './repo-path.js';
// A local release host serving stand-ins built from the upstream CRDs, for suites that install upstream batteries.
export { startBundleServer, type BundleServer } from '../bundles/testing/bundle-server.js';
export { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';
// The generic parts live with the real servers in testenv; re-exported so a suite imports one entry.
export {
  CHROMIUM_ARGS,
  appendPodLog,
  EventuallyTimeoutError,
  createKubectl,
  eventually,
  freePort,
  launchChromium,
  ensureGoTool,
  OAUTH2_PROXY,
  startKeycloak,
  startPostgres,
  startTestCluster,
  type EventuallyOptions,
  type TestKeycloak,
  type Kubectl,
  type TestBrowser,
  type TestCluster,
  type TestPostgres,
} from '@batteries-included/testenv';
