export {
  startTestCluster,
  type ComponentName,
  type TestCluster,
  type TestClusterOptions,
} from './cluster.js';
export { ensureBinaries, type Binaries } from './build.js';
export { appendPodLog, type PodLogFiles } from './pod-logs.js';
export type { PodPortForward } from './port-forwards.js';
export { ComponentError } from './errors.js';
export { KUBERNETES_VERSION, ETCD_VERSION, KWOK_VERSION } from './versions.js';
export { startPostgres, type StartPostgresOptions, type TestPostgres } from './postgres.js';
export { freePort } from './ports.js';
export { eventually, EventuallyTimeoutError, type EventuallyOptions } from './eventually.js';
export { launchChromium, CHROMIUM_ARGS, type LaunchChromiumOptions, type TestBrowser } from './chromium.js';
export {
  createKubectl,
  kubectl,
  waitForEstablished,
  type Kubectl,
  type KubectlOptions,
} from './testing/kubectl.js';
export { lockSharedCluster } from './testing/shared-lock.js';
export {
  ensureGoTool,
  goModuleFile,
  CERT_MANAGER_CONTROLLER,
  METALLB_CONTROLLER,
  OAUTH2_PROXY,
  type EnsureGoToolOptions,
  type GoTool,
} from './go-tool.js';
export { GO_TOOLS } from './go-tools.js';
export {
  checkScrapeConfig,
  startVictoriaMetrics,
  VICTORIA_METRICS_TOOL,
  VICTORIA_METRICS_VERSION,
  type ScrapeConfigCheck,
  type StartVictoriaMetricsOptions,
  type TestVictoriaMetrics,
} from './victoria-metrics.js';
export {
  ensureKeycloak,
  startKeycloak,
  KEYCLOAK_VERSION,
  type StartKeycloakOptions,
  type TestKeycloak,
} from './keycloak.js';
