import type { KubeConfig } from '@kubernetes/client-node';
import { objectKey, refOf, type KubeObject } from '@batteries-included/batteries';
import type { BatteryStatus } from '@batteries-included/crds';
import type { ClusterPort } from '../engine/pass-dependencies.js';
import type { KubeClient } from './client.js';
import type { Discovery } from './discovery.js';
import { toKubeApiError } from './errors.js';
import { LABEL_MANAGER } from './field-manager.js';
import { requestJson } from './json-request.js';
import { objectPath } from './object-path.js';

/** The cluster side of a pass, over the kube client: apply, delete with a uid precondition, labels, status. */
export function createClusterPort(config: KubeConfig, client: KubeClient, discovery: Discovery): ClusterPort {
  return {
    apply: (object, options) => client.apply(object, options),
    get: (object) => client.get(object),
    async delete(object, options = {}) {
      await client.delete(refOf(object), options.uid ? { preconditions: { uid: options.uid } } : {});
    },
    async setLabels(object: KubeObject, labels: Record<string, string | null>) {
      const target = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      };
      try {
        // A merge patch under another manager: it cannot take or drop the fields our applies own.
        await requestJson(config, {
          method: 'PATCH',
          path: await objectPath(discovery, target),
          query: { fieldManager: LABEL_MANAGER },
          body: { metadata: { labels } },
          contentType: 'application/merge-patch+json',
        });
      } catch (error) {
        throw toKubeApiError(objectKey(object), error);
      }
    },
    async patchBatteryStatus(battery: KubeObject, status: BatteryStatus) {
      await client.patchStatus(battery, status as Record<string, unknown>);
    },
    addFinalizer: (battery, finalizer) => client.addFinalizer(battery, finalizer),
    removeFinalizer: (battery, finalizer) => client.removeFinalizer(battery, finalizer),
    createEvent: (battery, event) => client.createEvent(battery, event),
  };
}
