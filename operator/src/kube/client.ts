import { CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy } from '@kubernetes/client-node';
import { objectKey, type KubeObject, type ObjectRef } from '@batteries-included/batteries';
import { deleteObject, type DeleteOptions } from './delete.js';
import { createDiscovery, type Discovery } from './discovery.js';
import { toKubeApiError } from './errors.js';
import { createEventRecorder, type EventInput, type EventRecorderOptions } from './events.js';
import { FIELD_MANAGER } from './field-manager.js';
import { changeFinalizer } from './finalizers.js';
import { requestJson } from './json-request.js';
import { objectPath } from './object-path.js';
import { patchStatus } from './status.js';

export { FIELD_MANAGER };

export interface ApplyOptions {
  /** Validate and default on the server without persisting. Default false. */
  dryRun?: boolean;
}

/** The narrow port the engine talks to the cluster through. */
export interface KubeClient {
  /** Server-side apply of one object (force: we own our fields). Resolves with the server's view. */
  apply(object: KubeObject, options?: ApplyOptions): Promise<KubeObject>;
  /** The live object, or undefined when it does not exist. */
  get(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<KubeObject | undefined>;
  /**
   * Deletes one object, refused with a 409 KubeApiError when a precondition (uid, resourceVersion) no longer
   * holds. Resolves true when the delete was accepted, false when the object was already gone.
   */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<boolean>;
  /** Server-side applies `status` to a custom resource's status subresource; nothing else changes. */
  patchStatus(object: KubeObject, status: Readonly<Record<string, unknown>>): Promise<KubeObject>;
  /** Adds a finalizer, guarded by the object's resourceVersion (409 if it moved). False when already there. */
  addFinalizer(object: KubeObject, finalizer: string): Promise<boolean>;
  /** Removes a finalizer, guarded by the object's resourceVersion (409 if it moved). False when not there. */
  removeFinalizer(object: KubeObject, finalizer: string): Promise<boolean>;
  /** Records a core/v1 Event about `involved`; a repeat of the same event bumps its count. */
  createEvent(involved: KubeObject, event: EventInput): Promise<void>;
}

export interface KubeClientOptions {
  /** Shared with the cache so both learn new kinds together. @default a new one */
  readonly discovery?: Discovery;
  /** How Events are named and attributed. */
  readonly events?: EventRecorderOptions;
}

/**
 * A KubeClient over @kubernetes/client-node 1.4. Objects go over the wire as plain JSON both ways (see
 * `requestJson`): client-node's generic `KubernetesObjectApi` round-trips them through its model classes, which
 * silently drops every `x-kubernetes-*` key of a CRD schema (CEL rules included) and unknown fields of built-in
 * kinds, and turns timestamps into Dates. Paths come from discovery. Errors are KubeApiErrors whose message
 * starts with the object's ref and carries the API server's reason and message.
 * @example const client = createKubeClient(loadKubeConfig(process.env.KUBECONFIG))
 */
export function createKubeClient(config: KubeConfig, options: KubeClientOptions = {}): KubeClient {
  const discovery = options.discovery ?? createDiscovery(config);
  const customObjects = config.makeApiClient(CustomObjectsApi);
  const events = createEventRecorder(config.makeApiClient(CoreV1Api), options.events);
  const targetOf = (object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  });
  return {
    async apply(object, applyOptions = {}) {
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await objectPath(discovery, targetOf(object)),
          query: {
            fieldManager: FIELD_MANAGER,
            force: true,
            dryRun: applyOptions.dryRun ? 'All' : undefined,
          },
          body: object,
          contentType: PatchStrategy.ServerSideApply,
        });
      } catch (error) {
        throw toKubeApiError(objectKey(object), error);
      }
    },
    async get(object) {
      try {
        return await requestJson<KubeObject>(config, { path: await objectPath(discovery, targetOf(object)) });
      } catch (error) {
        const apiError = toKubeApiError(objectKey(object as KubeObject), error);
        if (apiError.status === 404) return undefined;
        throw apiError;
      }
    },
    delete: (ref, deleteOptions) => deleteObject(config, discovery, ref, deleteOptions),
    patchStatus: (object, status) => patchStatus(customObjects, discovery, object, status),
    addFinalizer: (object, finalizer) => changeFinalizer(config, discovery, object, finalizer, 'add'),
    removeFinalizer: (object, finalizer) => changeFinalizer(config, discovery, object, finalizer, 'remove'),
    createEvent: (involved, event) => events.record(involved, event),
  };
}

/** Loads a kubeconfig file (or the default chain when no path is given). */
export function loadKubeConfig(path?: string): KubeConfig {
  const config = new KubeConfig();
  if (path) config.loadFromFile(path);
  else config.loadFromDefault();
  return config;
}
