import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  KEYCLOAK_API_VERSION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  ORPHANED_LABEL,
  type KeycloakKind,
  type KubeObject,
} from '@batteries-included/batteries';

/**
 * Keycloak has no labels or annotations, but realms, clients and groups have attributes: the pass keeps what a
 * Kubernetes object keeps in its metadata there — the content hash, the battery, and the orphaned mark — so a live
 * Keycloak object is planned exactly like a live Kubernetes object (hash compare, then drift of our fields).
 */
export const METADATA_ATTRIBUTES = {
  hash: HASH_ANNOTATION,
  battery: BATTERY_LABEL,
  orphaned: ORPHANED_LABEL,
} as const;

/** A representation as Keycloak's admin API returns it. */
export type Representation = Record<string, unknown> & { id?: string };

/** Lists Keycloak keeps as sets and returns in any order: sorted on the way in, as the generator sorts them. */
const SET_FIELDS = ['redirectUris', 'webOrigins'];

/** A realm as a live object (`metadata.name` = the realm). */
export function liveRealm(representation: Representation): KubeObject {
  const attributes = (representation.attributes ?? {}) as Record<string, string>;
  return liveObject('KeycloakRealm', String(representation.realm), undefined, attributes, (spec) => {
    spec.attributes = withoutMetadata(attributes);
  })(representation);
}

/** A client as a live object (`metadata.name` = its client id, `namespace` = the realm). */
export function liveClient(realm: string, representation: Representation): KubeObject {
  const attributes = (representation.attributes ?? {}) as Record<string, string>;
  return liveObject('KeycloakClient', String(representation.clientId), realm, attributes, (spec) => {
    spec.attributes = withoutMetadata(attributes);
    for (const field of SET_FIELDS)
      if (Array.isArray(spec[field])) spec[field] = [...(spec[field] as string[])].sort();
  })(representation);
}

/** A group as a live object (`metadata.name` = its name, `namespace` = the realm); attribute values are lists. */
export function liveGroup(realm: string, representation: Representation): KubeObject {
  const lists = (representation.attributes ?? {}) as Record<string, string[]>;
  const firsts = Object.fromEntries(Object.entries(lists).map(([key, values]) => [key, values[0] ?? '']));
  return liveObject('KeycloakGroup', String(representation.name), realm, firsts, (spec) => {
    spec.attributes = withoutMetadata(lists);
  })(representation);
}

/**
 * A required action as a live object (`metadata.name` = its alias, `namespace` = the realm). It has no attributes;
 * its `config` map keeps the hash and battery instead.
 */
export function liveRequiredAction(realm: string, representation: Representation): KubeObject {
  const config = (representation.config ?? {}) as Record<string, string>;
  return liveObject('KeycloakRequiredAction', String(representation.alias), realm, config, (spec) => {
    spec.config = withoutMetadata(config);
  })(representation);
}

function liveObject(
  kind: KeycloakKind,
  name: string,
  realm: string | undefined,
  attributes: Record<string, string>,
  normalize: (spec: Record<string, unknown>) => void,
): (representation: Representation) => KubeObject {
  return (representation) => {
    const { id, ...rest } = representation;
    const spec: Record<string, unknown> = { ...rest };
    normalize(spec);
    const labels: Record<string, string> = {};
    const battery = attributes[METADATA_ATTRIBUTES.battery];
    if (battery) Object.assign(labels, { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [BATTERY_LABEL]: battery });
    if (attributes[METADATA_ATTRIBUTES.orphaned])
      labels[ORPHANED_LABEL] = attributes[METADATA_ATTRIBUTES.orphaned]!;
    const hash = attributes[METADATA_ATTRIBUTES.hash];
    return {
      apiVersion: KEYCLOAK_API_VERSION,
      kind,
      metadata: {
        name,
        ...(realm ? { namespace: realm } : {}),
        ...(id ? { uid: id } : {}),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(hash ? { annotations: { [HASH_ANNOTATION]: hash } } : {}),
      },
      spec,
    };
  };
}

/** The attributes a desired object's metadata puts in Keycloak: its hash and battery. */
export function metadataAttributes(desired: KubeObject): Record<string, string> {
  const attributes: Record<string, string> = {};
  const hash = desired.metadata.annotations?.[HASH_ANNOTATION];
  const battery = desired.metadata.labels?.[BATTERY_LABEL];
  if (hash) attributes[METADATA_ATTRIBUTES.hash] = hash;
  if (battery) attributes[METADATA_ATTRIBUTES.battery] = battery;
  return attributes;
}

export function withoutMetadata<T>(attributes: Record<string, T>): Record<string, T> {
  const ours = new Set<string>(Object.values(METADATA_ATTRIBUTES));
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !ours.has(key)));
}
