export {
  startTestCluster,
  type ComponentName,
  type TestCluster,
  type TestClusterOptions,
} from './cluster.js';
export { ensureBinaries, type Binaries } from './build.js';
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
  ensureKeycloak,
  startKeycloak,
  KEYCLOAK_VERSION,
  type StartKeycloakOptions,
  type TestKeycloak,
} from './keycloak.js';
export { ensureGoTool, GO_TOOLS, OAUTH2_PROXY, type GoTool } from './go-tool.js';
