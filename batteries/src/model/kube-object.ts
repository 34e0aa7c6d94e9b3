/** A Kubernetes object as plain JSON. Generators produce these; the engine plans and applies them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
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
