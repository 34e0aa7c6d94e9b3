import { PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import { objectKey, refOf, type KubeObject } from '@batteries-included/batteries';
import { deleteObject } from '../kube/delete.js';
import type { Discovery } from '../kube/discovery.js';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import { objectPath } from '../kube/object-path.js';
import { batteryObject, createRollbackClient } from '../rollback/rollback-client.js';

/** The field manager of the console's and API's writes, so `managedFields` and battery history name them. */
export const API_FIELD_MANAGER = 'batteries-included-console';

export interface BatteryWriteRequest {
  /** Validate on the server (schema, CEL rules, admission) without persisting. */
  dryRun: boolean;
  /** When set, the write is refused (409) if the object's resourceVersion is no longer this one. */
  resourceVersion?: string;
}

/** The API's writes to Battery objects: reads are fresh from the API server, writes are server-side applies. */
export interface BatteryWriter {
  /** The Battery object of `type` as the API server has it now, or undefined. */
  get(type: string): Promise<KubeObject | undefined>;
  /** Server-side apply of `{spec}` with force, as `batteries-included-console`; creates the object when missing. */
  apply(type: string, spec: unknown, request: BatteryWriteRequest): Promise<KubeObject>;
  /**
   * Replaces the whole spec of `battery` with an update (PUT) as `batteries-included-console`, refused (409) when its
   * resourceVersion is no longer `request.resourceVersion` (default: the one read). Used when other managers own
   * spec fields, which server-side apply would keep.
   */
  replace(battery: KubeObject, spec: unknown, request: BatteryWriteRequest): Promise<KubeObject>;
  /** Deletes `battery`, refused (409) when the object by that name is no longer the one read (uid). */
  delete(battery: KubeObject, request: Pick<BatteryWriteRequest, 'dryRun'>): Promise<boolean>;
}

/**
 * A BatteryWriter over a KubeConfig. Errors are KubeApiErrors starting with the Battery's ref.
 * @example await createBatteryWriter(config, discovery).apply('redis', {}, { dryRun: true })
 */
export function createBatteryWriter(config: KubeConfig, discovery: Discovery): BatteryWriter {
  const pathOf = (object: KubeObject) =>
    objectPath(discovery, { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name });
  // Reads are the rollback client's: one fresh GET of the Battery object, undefined when absent.
  const { getBattery } = createRollbackClient(config, discovery);
  return {
    get: getBattery,
    async apply(type, spec, { dryRun, resourceVersion }) {
      const target = batteryObject(type);
      // A resourceVersion in an apply body is a precondition: the server answers 409 Conflict when it moved.
      const object = {
        ...target,
        metadata: { ...target.metadata, ...(resourceVersion ? { resourceVersion } : {}) },
        spec,
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await pathOf(target),
          query: { fieldManager: API_FIELD_MANAGER, force: true, dryRun: dryRun ? 'All' : undefined },
          body: object,
          contentType: PatchStrategy.ServerSideApply,
        });
      } catch (error) {
        throw toKubeApiError(objectKey(target), error);
      }
    },
    async replace(battery, spec, { dryRun, resourceVersion }) {
      const { managedFields: _managedFields, ...metadata } = battery.metadata;
      const object = {
        ...battery,
        metadata: { ...metadata, resourceVersion: resourceVersion ?? metadata.resourceVersion },
        spec,
      };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PUT',
          path: await pathOf(battery),
          query: { fieldManager: API_FIELD_MANAGER, dryRun: dryRun ? 'All' : undefined },
          body: object,
        });
      } catch (error) {
        throw toKubeApiError(objectKey(battery), error);
      }
    },
    delete: (battery, { dryRun }) =>
      deleteObject(config, discovery, refOf(battery), {
        preconditions: { uid: battery.metadata.uid as string },
        dryRun,
      }),
  };
}

/**
 * Whether a manager other than the API owns fields under `spec` (e.g. `kubectl apply --server-side` of an example):
 * server-side apply would keep those fields when a new spec leaves them out, so a full replace is needed.
 */
export function hasOtherSpecOwners(battery: KubeObject): boolean {
  const entries = battery.metadata.managedFields ?? [];
  return entries.some(
    (entry) =>
      entry.manager !== API_FIELD_MANAGER &&
      !entry.subresource &&
      Object.keys((entry.fieldsV1 as Record<string, object> | undefined)?.['f:spec'] ?? {}).length > 0,
  );
}
