import type { KubeObject } from './kube-object.js';

/**
 * Keycloak state the pass manages (a realm, its groups and clients) is generated, planned, applied and recorded as
 * objects of this API group beside the Kubernetes objects (DESIGN §5 "Other targets", ADR "keycloak-target"). The
 * group is never served by Kubernetes: the operator routes these objects to Keycloak's admin API, and anything
 * that lists or watches the cluster leaves them out (`isKubernetesObject`).
 */
export const KEYCLOAK_GROUP = 'keycloak.batteriesincl.com';
export const KEYCLOAK_API_VERSION = `${KEYCLOAK_GROUP}/v1alpha1`;

/**
 * The Keycloak kinds, in the order they are applied: a realm before what lives in it. `metadata.name` is the realm
 * name, the group name, the client id or the required action's alias; `metadata.namespace` of the others is their
 * realm.
 */
export const KEYCLOAK_KINDS = [
  'KeycloakRealm',
  'KeycloakGroup',
  'KeycloakClient',
  'KeycloakRequiredAction',
] as const;
export type KeycloakKind = (typeof KEYCLOAK_KINDS)[number];

/**
 * Set on a Kubernetes object that holds credentials a Keycloak object defines (a client secret): the canonical ref
 * of that Keycloak object. Apply writes the object only once that Keycloak object landed in the same pass (or
 * when the object is unchanged), so a Secret never carries a client secret Keycloak does not know.
 */
export const WAITS_FOR_ANNOTATION = 'batteriesincl.com/waits-for';

/** The fields of a realm the pass owns (Keycloak's RealmRepresentation). */
export interface KeycloakRealmSpec {
  realm: string;
  enabled: boolean;
  displayName?: string;
  /** `external`: HTTPS required except from private addresses. */
  sslRequired?: 'all' | 'external' | 'none';
  registrationAllowed?: boolean;
  resetPasswordAllowed?: boolean;
  bruteForceProtected?: boolean;
  /** Seconds. */
  ssoSessionIdleTimeout?: number;
  /** Realm attributes we set (others are left alone). */
  attributes?: Record<string, string>;
}

/** A protocol mapper on a client (Keycloak's ProtocolMapperRepresentation), matched by name. */
export interface KeycloakProtocolMapper {
  name: string;
  protocol: 'openid-connect';
  protocolMapper: string;
  config: Record<string, string>;
}

/** The fields of an OpenID Connect client the pass owns (Keycloak's ClientRepresentation). */
export interface KeycloakClientSpec {
  clientId: string;
  name?: string;
  enabled: boolean;
  protocol: 'openid-connect';
  /** Public clients (a browser app with PKCE) have no secret. */
  publicClient: boolean;
  /** The client secret of a confidential client: minted in Prepare, redacted wherever it is stored or shown. */
  secret?: string;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  rootUrl?: string;
  baseUrl?: string;
  /** Sorted, so a set Keycloak returns in any order compares equal. */
  redirectUris: string[];
  webOrigins: string[];
  /** Client attributes we set, e.g. `pkce.code.challenge.method`, `post.logout.redirect.uris`. */
  attributes: Record<string, string>;
  protocolMappers?: KeycloakProtocolMapper[];
}

/** The fields of a group the pass owns. */
export interface KeycloakGroupSpec {
  name: string;
  /** Group attributes (Keycloak keeps lists of strings). */
  attributes?: Record<string, string[]>;
}

/**
 * A required action of the realm (Keycloak's RequiredActionProviderRepresentation), matched by alias. Every realm
 * has them; the pass only sets whether one is asked of every new user (`defaultAction`).
 */
export interface KeycloakRequiredActionSpec {
  alias: string;
  enabled: boolean;
  defaultAction: boolean;
}

/** Is this object a Keycloak object (routed to Keycloak, never sent to the Kubernetes API)? */
export function isKeycloakObject(object: Pick<KubeObject, 'apiVersion'>): boolean {
  return object.apiVersion === KEYCLOAK_API_VERSION;
}

/** Is this object one the Kubernetes API serves: not a Keycloak object (nor any other target's)? */
export function isKubernetesObject(object: Pick<KubeObject, 'apiVersion'>): boolean {
  return !isKeycloakObject(object);
}

/** The canonical ref string of a Keycloak object, e.g. `KeycloakClient.keycloak.batteriesincl.com/batterycore/grafana`. */
export function keycloakRef(kind: KeycloakKind, name: string, realm?: string): string {
  return realm ? `${kind}.${KEYCLOAK_GROUP}/${realm}/${name}` : `${kind}.${KEYCLOAK_GROUP}/${name}`;
}
