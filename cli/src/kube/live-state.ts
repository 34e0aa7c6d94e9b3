import {
  BATTERY_LABEL,
  generate,
  isKubernetesObject,
  HASH_ANNOTATION,
  MANAGED_SELECTOR,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { PLACEHOLDER_MINT, prepareSnapshot, type InventoryRef } from '@batteries-included/operator';
import type { Cluster } from './cluster.js';

/** The kinds (apiVersion + kind) the given batteries generate, found by generating them with no live state. */
export function generatedKinds(
  batteries: readonly KubeObject[],
): Array<{ apiVersion: string; kind: string }> {
  const { snapshot } = prepareSnapshot({ batteries, live: new Map(), mint: PLACEHOLDER_MINT });
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const object of generate(snapshot).objects.filter(isKubernetesObject))
    kinds.set(`${object.apiVersion} ${object.kind}`, { apiVersion: object.apiVersion, kind: object.kind });
  for (const kind of ['StatefulSet', 'PersistentVolumeClaim', 'Service', 'Secret']) {
    const apiVersion = kind === 'StatefulSet' ? 'apps/v1' : 'v1';
    kinds.set(`${apiVersion} ${kind}`, { apiVersion, kind });
  }
  return [...kinds.values()];
}

/**
 * The managed objects on the cluster (label `app.kubernetes.io/managed-by=batteries-included`) of every kind the
 * batteries generate, by canonical key, and an inventory rebuilt from their hash annotations — what a plan needs
 * when the operator's store is not at hand.
 */
export async function readManagedObjects(
  cluster: Cluster,
  batteries: readonly KubeObject[],
): Promise<{ live: Map<string, KubeObject>; inventory: Map<string, InventoryRef> }> {
  const lists = await Promise.all(
    generatedKinds(batteries).map(({ apiVersion, kind }) =>
      cluster.list(apiVersion, kind, { labelSelector: MANAGED_SELECTOR }),
    ),
  );
  const live = new Map<string, KubeObject>();
  const inventory = new Map<string, InventoryRef>();
  for (const object of lists.flat()) {
    const key = objectKey(object);
    live.set(key, object);
    const hash = object.metadata.annotations?.[HASH_ANNOTATION];
    if (hash) {
      const battery = object.metadata.labels?.[BATTERY_LABEL];
      inventory.set(key, {
        hash,
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        ...(battery ? { battery } : {}),
      });
    }
  }
  return { live, inventory };
}
