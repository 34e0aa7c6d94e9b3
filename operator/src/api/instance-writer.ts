import { PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, objectKey, refOf, type KubeObject } from '@batteries-included/batteries';
import { deleteObject } from '../kube/delete.js';
import type { Discovery } from '../kube/discovery.js';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import { objectPath } from '../kube/object-path.js';
import { API_FIELD_MANAGER, type BatteryWriteRequest } from './battery-writer.js';

/** Which instance: its kind (e.g. `PostgresCluster`), namespace and name. */
export interface InstanceRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** The API's writes to instance objects: fresh reads, server-side applies as the console's manager, guarded deletes. */
export interface InstanceWriter {
  get(ref: InstanceRef): Promise<KubeObject | undefined>;
  /** Server-side apply of `{spec}` with force; a `resourceVersion` makes it conditional (409 when it moved). */
  apply(ref: InstanceRef, spec: unknown, request: BatteryWriteRequest): Promise<KubeObject>;
  /** Deletes the object read, refused (409) when the object by that name is another one (uid). */
  delete(object: KubeObject, request: Pick<BatteryWriteRequest, 'dryRun'>): Promise<boolean>;
}

const API = `${API_GROUP}/${API_VERSION}`;

/** An InstanceWriter over a KubeConfig; errors are KubeApiErrors starting with the instance's ref. */
export function createInstanceWriter(config: KubeConfig, discovery: Discovery): InstanceWriter {
  const target = (ref: InstanceRef) => ({
    apiVersion: API,
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
  });
  const keyOf = (ref: InstanceRef) =>
    objectKey({ apiVersion: API, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
  return {
    async get(ref) {
      try {
        const object = await requestJson<KubeObject>(config, {
          path: await objectPath(discovery, target(ref)),
        });
        return { ...object, apiVersion: API, kind: ref.kind };
      } catch (error) {
        const apiError = toKubeApiError(keyOf(ref), error);
        if (apiError.status === 404) return undefined;
        throw apiError;
      }
    },
    async apply(ref, spec, { dryRun, resourceVersion }) {
      const body = {
        apiVersion: API,
        kind: ref.kind,
        metadata: {
          name: ref.name,
          namespace: ref.namespace,
          ...(resourceVersion ? { resourceVersion } : {}),
        },
        spec,
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await objectPath(discovery, target(ref)),
          query: { fieldManager: API_FIELD_MANAGER, force: true, dryRun: dryRun ? 'All' : undefined },
          body,
          contentType: PatchStrategy.ServerSideApply,
        });
      } catch (error) {
        throw toKubeApiError(keyOf(ref), error);
      }
    },
    delete: (object, { dryRun }) =>
      deleteObject(config, discovery, refOf(object), {
        preconditions: { uid: object.metadata.uid as string },
        dryRun,
      }),
  };
}
