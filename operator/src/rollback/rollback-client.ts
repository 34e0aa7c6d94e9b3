import { PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, objectKey, refOf, type KubeObject } from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { deleteObject } from '../kube/delete.js';
import { createDiscovery, type Discovery } from '../kube/discovery.js';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import { objectPath } from '../kube/object-path.js';

/** The field manager of every rollback write, so `managedFields` and Battery history name the rollback. */
export const ROLLBACK_FIELD_MANAGER = 'batteries-included-rollback';

export interface BatteryWriteOptions {
  /** Validate on the server (admission, schema, CEL rules) without persisting. */
  dryRun: boolean;
}

/**
 * The cluster side of a rollback: Battery objects only, every write as `batteries-included-rollback`. Errors are
 * KubeApiErrors starting with the Battery's ref.
 */
export interface RollbackClient {
  /** The Battery object of a type, or undefined when there is none (or its kind is not served). */
  getBattery(type: string): Promise<KubeObject | undefined>;
  /**
   * Server-side apply of `{spec}` to the Battery of `type`, with force: creates it, or takes ownership of every field
   * it sets. Fields other managers own and `spec` leaves out are kept (server-side apply never removes those).
   */
  applyBattery(type: string, spec: unknown, options: BatteryWriteOptions): Promise<KubeObject>;
  /**
   * Replaces the whole spec of `battery` (a JSON Patch, so fields others own are removed too), refused when its
   * `metadata.generation` moved since it was read: someone changed the spec in between.
   */
  replaceBatterySpec(battery: KubeObject, spec: unknown, options: BatteryWriteOptions): Promise<KubeObject>;
  /** Deletes `battery`, refused (409) when the object by that name is no longer the one read (uid). */
  deleteBattery(battery: KubeObject, options: BatteryWriteOptions): Promise<boolean>;
}

/**
 * A RollbackClient over a KubeConfig.
 * @example const client = createRollbackClient(loadKubeConfig(process.env.KUBECONFIG))
 */
export function createRollbackClient(
  config: KubeConfig,
  discovery: Discovery = createDiscovery(config),
): RollbackClient {
  const pathOf = (object: KubeObject) =>
    objectPath(discovery, { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name });
  const dryRun = (options: BatteryWriteOptions) => (options.dryRun ? 'All' : undefined);
  return {
    async getBattery(type) {
      const target = batteryObject(type);
      try {
        return await requestJson<KubeObject>(config, { path: await pathOf(target) });
      } catch (error) {
        const apiError = toKubeApiError(objectKey(target), error);
        if (apiError.status === 404) return undefined;
        throw apiError;
      }
    },
    async applyBattery(type, spec, options) {
      const object = { ...batteryObject(type), spec };
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await pathOf(object),
          query: { fieldManager: ROLLBACK_FIELD_MANAGER, force: true, dryRun: dryRun(options) },
          body: object,
          contentType: PatchStrategy.ServerSideApply,
        });
      } catch (error) {
        throw toKubeApiError(objectKey(object), error);
      }
    },
    async replaceBatterySpec(battery, spec, options) {
      const generation = battery.metadata.generation;
      try {
        return await requestJson<KubeObject>(config, {
          method: 'PATCH',
          path: await pathOf(battery),
          query: { fieldManager: ROLLBACK_FIELD_MANAGER, dryRun: dryRun(options) },
          body: [
            { op: 'test', path: '/metadata/generation', value: generation },
            { op: 'add', path: '/spec', value: spec },
          ],
          contentType: PatchStrategy.JsonPatch,
        });
      } catch (error) {
        throw toKubeApiError(objectKey(battery), error);
      }
    },
    deleteBattery: (battery, options) =>
      deleteObject(config, discovery, refOf(battery), {
        preconditions: { uid: battery.metadata.uid as string },
        dryRun: options.dryRun,
      }),
  };
}

/** The Battery object of a type, without a spec: its name is its type. */
export function batteryObject(type: string): KubeObject {
  return { apiVersion: `${API_GROUP}/${API_VERSION}`, kind: crdKind(type), metadata: { name: type } };
}
