/** A Kubernetes object as plain JSON. Generators produce these; the engine plans and applies them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/**
 * `metadata` as generators write it (name, namespace, labels, annotations) and as the API server returns it, with
 * the fields only the server sets. Generators never set the server-set fields; the hash leaves them out.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Server-set: the object's identity; a re-created object has a new one. */
  uid?: string;
  /** Server-set: changes on every write (spec, status or metadata). */
  resourceVersion?: string;
  /** Server-set: moves when the spec (not the status) changes. */
  generation?: number;
  /** Server-set, RFC 3339. */
  creationTimestamp?: string;
  /** Server-set, RFC 3339, once a delete was asked for and finalizers hold the object. */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  /** Server-set: which field manager owns which fields (server-side apply). */
  managedFields?: ManagedFieldsEntry[];
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  generateName?: string;
  [field: string]: unknown;
}

/** One entry of `metadata.managedFields`. */
export interface ManagedFieldsEntry {
  manager?: string;
  /** `Apply` (server-side apply) or `Update`. */
  operation?: string;
  apiVersion?: string;
  /** RFC 3339; not always set (writes through the scale subresource carry none). */
  time?: string;
  /** Absent for the main resource; `status` or `scale` for those subresources. */
  subresource?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
}

/** One entry of `metadata.ownerReferences`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Identifies an object across versions of its API group. */
export interface ObjectRef {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Splits `apiVersion` into group and version (`v1` is the core group, `''`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function refOf(object: KubeObject): ObjectRef {
  const { group, version } = splitApiVersion(object.apiVersion);
  const ref: ObjectRef = { group, version, kind: object.kind, name: object.metadata.name };
  if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/**
 * The one string form of a ref used in every log, error, table and map key:
 * `Kind.group/namespace/name`, e.g. `StatefulSet.apps/battery-data/redis` or `Namespace/battery-core`.
 * The version is left out on purpose: it names a representation, not a different object.
 */
export function formatRef(ref: ObjectRef): string {
  const kind = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  return ref.namespace ? `${kind}/${ref.namespace}/${ref.name}` : `${kind}/${ref.name}`;
}

/** Shorthand for `formatRef(refOf(object))`. */
export function objectKey(object: KubeObject): string {
  return formatRef(refOf(object));
}
