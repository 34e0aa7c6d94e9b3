import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import { toKubeApiError } from './errors.js';

/** The field manager every write of ours uses, so server-side apply tracks our fields as ours. */
export const FIELD_MANAGER = 'batteries-included';

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
}

/**
 * A KubeClient over @kubernetes/client-node 1.4. Errors are KubeApiErrors whose message starts with the
 * object's ref and carries the API server's reason and message.
 * @example const client = createKubeClient(KubeConfigFromFile(path))
 */
export function createKubeClient(config: KubeConfig): KubeClient {
  const api = KubernetesObjectApi.makeApiClient(config);
  return {
    async apply(object, options = {}) {
      try {
        const applied = await api.patch(
          object as KubernetesObject,
          undefined,
          options.dryRun ? 'All' : undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        );
        return applied as unknown as KubeObject;
      } catch (error) {
        throw toKubeApiError(objectKey(object), error);
      }
    },
    async get(object) {
      try {
        return (await api.read({ apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata })) as unknown as KubeObject;
      } catch (error) {
        const apiError = toKubeApiError(objectKey(object as KubeObject), error);
        if (apiError.status === 404) return undefined;
        throw apiError;
      }
    },
  };
}

/** Loads a kubeconfig file (or the default chain when no path is given). */
export function loadKubeConfig(path?: string): KubeConfig {
  const config = new KubeConfig();
  if (path) config.loadFromFile(path);
  else config.loadFromDefault();
  return config;
}
