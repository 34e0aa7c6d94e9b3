export {
  createKubeClient,
  loadKubeConfig,
  FIELD_MANAGER,
  type KubeClient,
  type ApplyOptions,
} from './kube/client.js';
export { KubeApiError, toKubeApiError } from './kube/errors.js';
