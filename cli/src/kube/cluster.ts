import type { KubeConfig } from '@kubernetes/client-node';
import {
  API_GROUP,
  API_VERSION,
  CATALOG,
  INSTANCE_KINDS,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { crdKind, crdPlural } from '@batteries-included/crds';
import {
  createDiscovery,
  createKubeClient,
  requestJson,
  objectPath,
  toKubeApiError,
  type Discovery,
  type KubeClient,
} from '@batteries-included/operator';
import { ClusterUnreachableError } from '../lib/errors.js';

/** The field manager of Battery objects `bi` writes, so the operator's history names who changed a spec. */
export const BI_FIELD_MANAGER = 'bi';
export const BATTERY_API_VERSION = `${API_GROUP}/${API_VERSION}`;

export interface ApplyAsOptions {
  /** Validate and default on the server without persisting. @default false */
  readonly dryRun?: boolean;
  /** @default BI_FIELD_MANAGER */
  readonly fieldManager?: string;
}

/**
 * The cluster as `bi` sees it: the operator's KubeClient (reads, deletes) plus server-side apply under `bi`'s own
 * field manager and the list calls the CLI needs. One discovery is shared by all of it.
 */
export interface Cluster {
  readonly config: KubeConfig;
  readonly client: KubeClient;
  readonly discovery: Discovery;
  /** The server's `/version`; rejects with ClusterUnreachableError when it cannot be reached. */
  version(signal?: AbortSignal): Promise<{ gitVersion: string }>;
  /** Server-side apply as `bi` (force: `bi` owns the fields it sets). */
  apply(object: KubeObject, options?: ApplyAsOptions): Promise<KubeObject>;
  /** Every item of a kind (across namespaces unless `namespace`), [] when the server does not serve it. */
  list(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObject[]>;
  /** Every Battery object on the cluster, sorted by type (kinds whose CRD is missing are skipped). */
  listBatteries(): Promise<KubeObject[]>;
  /** Every instance object (PostgresCluster, ...) in every namespace; kinds whose CRD is missing are skipped. */
  listInstances(): Promise<KubeObject[]>;
}

export function connectCluster(config: KubeConfig): Cluster {
  const discovery = createDiscovery(config);
  const client = createKubeClient(config, { discovery });
  const server = config.getCurrentCluster()?.server ?? 'the cluster';
  const cluster: Cluster = {
    config,
    client,
    discovery,
    async version(signal) {
      try {
        return await requestJson<{ gitVersion: string }>(config, {
          path: '/version',
          signal,
          idleTimeoutMs: 10_000,
        });
      } catch (error) {
        const apiError = toKubeApiError('/version', error);
        if (apiError.status === 0)
          throw new ClusterUnreachableError(`the cluster at ${server}`, apiError.apiMessage, {
            cause: error,
          });
        throw apiError;
      }
    },
    async apply(object, options = {}) {
      const target = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await objectPath(discovery, target),
          query: {
            fieldManager: options.fieldManager ?? BI_FIELD_MANAGER,
            force: true,
            // Unknown fields are an error, not silently pruned: a typo in a spec must not vanish.
            fieldValidation: 'Strict',
            dryRun: options.dryRun ? 'All' : undefined,
          },
          body: object,
          contentType: 'application/apply-patch+yaml',
        });
      } catch (error) {
        throw toKubeApiError(objectKey(object), error);
      }
    },
    async list(apiVersion, kind, options = {}) {
      const resource = await discovery.resourceFor(apiVersion, kind);
      if (!resource) return [];
      const root = resource.group
        ? `/apis/${resource.group}/${resource.version}`
        : `/api/${resource.version}`;
      const path =
        resource.namespaced && options.namespace
          ? `${root}/namespaces/${encodeURIComponent(options.namespace)}/${resource.plural}`
          : `${root}/${resource.plural}`;
      try {
        const list = await requestJson<{ items?: KubeObject[] }>(config, {
          path,
          query: { labelSelector: options.labelSelector },
        });
        return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
      } catch (error) {
        const apiError = toKubeApiError(`${kind} list`, error);
        if (apiError.status === 404) return [];
        throw apiError;
      }
    },
    async listBatteries() {
      const lists = await Promise.all(
        CATALOG.map(async (battery) => {
          try {
            const item = await requestJson<KubeObject>(config, {
              path: `/apis/${API_GROUP}/${API_VERSION}/${crdPlural(battery.type)}/${battery.type}`,
            });
            return [{ ...item, apiVersion: BATTERY_API_VERSION, kind: crdKind(battery.type) }];
          } catch (error) {
            const apiError = toKubeApiError(`${crdKind(battery.type)}/${battery.type}`, error);
            if (apiError.status === 404) return [];
            throw apiError;
          }
        }),
      );
      return lists.flat().sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    },
    async listInstances() {
      const lists = await Promise.all(
        INSTANCE_KINDS.map((definition) => cluster.list(BATTERY_API_VERSION, definition.kind)),
      );
      return lists.flat();
    },
  };
  return cluster;
}

/** A Battery object of `type` with `spec`, as `bi` applies it. */
export function batteryObject(type: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: BATTERY_API_VERSION, kind: crdKind(type), metadata: { name: type }, spec };
}
