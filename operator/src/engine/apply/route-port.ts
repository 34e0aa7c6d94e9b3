import { isKeycloakObject, type KubeObject } from '@batteries-included/batteries';
import type { ApplyPort } from './apply-port.js';

/**
 * One apply port over two targets: Keycloak objects go to `keycloak`, everything else to the cluster. Apply, plan
 * and record never ask where an object lives; only this does.
 */
export function routeApplyPort(cluster: ApplyPort, keycloak: ApplyPort): ApplyPort {
  const portOf = (object: KubeObject) => (isKeycloakObject(object) ? keycloak : cluster);
  return {
    apply: (object, options) => portOf(object).apply(object, options),
    get: (object) => portOf(object).get(object),
    delete: (object, options) => portOf(object).delete(object, options),
    setLabels: (object, labels) => portOf(object).setLabels(object, labels),
  };
}
