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
export { kubectl, waitForEstablished } from './testing/kubectl.js';
