import {
  HASH_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ORPHANED_LABEL,
  type KubeObject,
  type ObjectRef,
} from '@batteries-included/batteries';
import { groupKind } from './kind-order.js';

/**
 * Kinds that hold data and are therefore never pruned by default (DESIGN §5 Data safety): when no longer
 * desired they are orphaned — labelled `batteriesincl.com/orphaned` and reported — and deleted only when the
 * plan is made with `pruneDataObjects`. Deleting a Namespace deletes every PVC inside it; deleting a CloudNativePG
 * `Cluster` makes the garbage collector delete the PVCs it owns; deleting a Keycloak realm deletes its users, and deleting a
 * role group forgets who was in it.
 */
export const DATA_OBJECT_KINDS: ReadonlySet<string> = new Set([
  'PersistentVolumeClaim',
  'Namespace',
  'Cluster.postgresql.cnpg.io',
  // Names where a cluster's backups are; kept so that a restore can still find them.
  'ObjectStore.barmancloud.cnpg.io',
  // A Keycloak realm holds its users and their credentials, its role groups their memberships (ADR 21).
  'KeycloakRealm.keycloak.batteriesincl.com',
  'KeycloakGroup.keycloak.batteriesincl.com',
]);

/** Whether the object holds data and is orphaned rather than pruned. */
export function isDataObject(ref: Pick<ObjectRef, 'group' | 'kind'>): boolean {
  return DATA_OBJECT_KINDS.has(groupKind(ref));
}

/** Whether an earlier pass already orphaned the live object (it carries the orphaned label). */
export function isOrphaned(live: KubeObject): boolean {
  return live.metadata.labels?.[ORPHANED_LABEL] !== undefined;
}

/**
 * Whether a live object is one the platform created, judged from the object alone (for when the inventory
 * was lost): it carries our managed-by label and a hash annotation, and has no owner. Objects with an owner
 * are left to Kubernetes' garbage collector — a Deployment's ReplicaSets copy its annotations and its pod
 * template's labels, and must never be pruned by us.
 */
export function isPlatformManaged(live: KubeObject): boolean {
  const { labels, annotations, ownerReferences } = live.metadata;
  if (labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return false;
  if (annotations?.[HASH_ANNOTATION] === undefined) return false;
  return !Array.isArray(ownerReferences) || ownerReferences.length === 0;
}
