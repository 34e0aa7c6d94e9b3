export {
  createKubeClient,
  loadKubeConfig,
  FIELD_MANAGER,
  type KubeClient,
  type KubeClientOptions,
  type ApplyOptions,
} from './client.js';
export { KubeApiError, toKubeApiError } from './errors.js';
export type { DeleteOptions } from './delete.js';
export { withFinalizer, withoutFinalizer } from './finalizers.js';
export {
  createEventRecorder,
  eventName,
  type EventInput,
  type EventType,
  type EventRecorder,
  type EventRecorderOptions,
} from './events.js';
export {
  createDiscovery,
  collectionPath,
  isEstablished,
  type Discovery,
  type ResourceInfo,
} from './discovery.js';
export {
  createInformer,
  type Informer,
  type InformerEvent,
  type InformerEventType,
  type InformerListener,
  type InformerOptions,
  type InformerStatus,
} from './informer.js';
export {
  createClusterCache,
  type ClusterCache,
  type ClusterCacheOptions,
  type CacheChange,
  type CacheChangeListener,
  type CachedKind,
  type KindRef,
} from './cache.js';
export {
  createLeaderElector,
  leaseAction,
  LEASE_NAME,
  type LeaderElector,
  type LeaderElectionOptions,
  type LeaseAction,
} from './lease.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { requestJson, type JsonRequestOptions } from './json-request.js';
export { objectPath, targetRef, type ObjectTarget } from './object-path.js';
export { watchEventLag } from './lag.js';
