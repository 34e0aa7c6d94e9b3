/**
 * The rules drift detection follows, as data: which lists are merged by key, where values are quantities,
 * which fields are int-or-string, and which empty values the API server drops. Each rule mirrors what the
 * API server does to an object we applied, so that the server's own rewriting is never taken for drift.
 */

/**
 * Lists of objects the API server merges by key (the server-side apply `listMapKeys` of the built-in
 * types), by field name. Candidates are tried in order; the first whose first field every desired item has
 * is used. A list not named here is merged by `name` when every desired item has a distinct one, and is
 * otherwise compared position by position (an atomic list).
 */
export const LIST_MAP_KEYS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  // Container ports are keyed by containerPort and protocol, Service ports by port and protocol.
  [
    'ports',
    [
      ['containerPort', 'protocol'],
      ['port', 'protocol'],
    ],
  ],
  // The same volume may be mounted at several paths, so mounts are keyed by path, not by volume name.
  ['volumeMounts', [['mountPath']]],
  ['volumeDevices', [['devicePath']]],
  ['hostAliases', [['ip']]],
  ['topologySpreadConstraints', [['topologyKey', 'whenUnsatisfiable']]],
  ['ownerReferences', [['uid']]],
]);

/** The key used for lists not in `LIST_MAP_KEYS`: containers, env, volumes, webhooks, CRD versions… */
export const DEFAULT_LIST_MAP_KEY: readonly string[] = ['name'];

/** Values the API server fills in for a list-map key field we left out (ports default to TCP). */
export const LIST_MAP_KEY_DEFAULTS: ReadonlyMap<string, string> = new Map([['protocol', 'TCP']]);

/** Lists of scalars with set semantics: others may add members, and order does not matter. */
export const SET_LISTS: ReadonlySet<string> = new Set(['finalizers']);

/**
 * Maps whose values are quantities: container `resources.limits`/`requests`, pod `overhead`, ResourceQuota
 * `hard`, node/PV `capacity`, and LimitRange items' `max`, `min`, `default`, `defaultRequest`,
 * `maxLimitRequestRatio`.
 */
export const QUANTITY_MAPS: ReadonlySet<string> = new Set([
  'limits',
  'requests',
  'overhead',
  'hard',
  'capacity',
  'allocatable',
  'max',
  'min',
  'default',
  'defaultRequest',
  'maxLimitRequestRatio',
]);

/** Single fields that are quantities: `emptyDir.sizeLimit`, `resourceFieldRef.divisor`, HPA targets. */
export const QUANTITY_FIELDS: ReadonlySet<string> = new Set(['sizeLimit', 'divisor', 'averageValue']);

/** Fields of type int-or-string, where `8080` and `"8080"` are taken as the same value. */
export const INT_OR_STRING_FIELDS: ReadonlySet<string> = new Set([
  'port',
  'targetPort',
  'maxSurge',
  'maxUnavailable',
  'minAvailable',
]);

/**
 * Map-typed fields the API server omits when empty (Go `omitempty` on a map), so a desired `{}` matches an
 * absent live field. Other `{}` values are structs, which the server keeps (`emptyDir: {}`), so an absent
 * live field there is drift.
 */
export const EMPTY_MAP_FIELDS: ReadonlySet<string> = new Set([
  'labels',
  'annotations',
  'nodeSelector',
  'selector',
  'matchLabels',
  'data',
  'binaryData',
  'stringData',
  'limits',
  'requests',
  'hard',
  'parameters',
]);

/** Top-level fields that identify the object or belong to the server: never compared. */
export const IGNORED_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'status']);

/** Metadata the server sets: never compared, even if a desired object carried it. */
export const IGNORED_METADATA_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);
