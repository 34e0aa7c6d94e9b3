import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  KEYCLOAK_API_VERSION,
  type KeycloakClientSpec,
  type KeycloakGroupSpec,
  type KeycloakKind,
  type KeycloakProtocolMapper,
  type KeycloakRealmSpec,
  type KeycloakRequiredActionSpec,
} from '../../model/keycloak-object.js';

/** The groups of the realm and the console role each grants: admin edits, viewer reads. */
export const ROLE_GROUPS = ['admin', 'viewer'] as const;
export type Role = (typeof ROLE_GROUPS)[number];

/** What a client needs besides its id: its public URL, callback, and secret (absent for a public client). */
export interface ClientProps {
  readonly clientId: string;
  readonly name: string;
  /** Public base URL of the app (no trailing slash). */
  readonly baseUrl: string;
  readonly redirectUris: readonly string[];
  readonly secret?: string;
}

/** Adds one Keycloak object to the chart: `metadata.name` is its Keycloak name, `namespace` its realm. */
function keycloakObject(
  scope: Construct,
  id: string,
  kind: KeycloakKind,
  name: string,
  realm: string | undefined,
  spec: object,
): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: KEYCLOAK_API_VERSION,
    kind,
    metadata: realm ? { name, namespace: realm } : { name },
    spec,
  } as never);
}

/** The realm: enabled, no self-registration, brute-force protection, HTTPS except from private addresses. */
export function addRealm(scope: Construct, realm: string): void {
  const spec: KeycloakRealmSpec = {
    realm,
    enabled: true,
    displayName: 'Batteries Included',
    sslRequired: 'external',
    registrationAllowed: false,
    resetPasswordAllowed: false,
    bruteForceProtected: true,
  };
  keycloakObject(scope, `realm-${realm}`, 'KeycloakRealm', realm, undefined, spec);
}

/** One group per role. */
export function addRoleGroups(scope: Construct, realm: string): void {
  for (const role of ROLE_GROUPS) {
    const spec: KeycloakGroupSpec = { name: role };
    keycloakObject(scope, `group-${role}`, 'KeycloakGroup', role, realm, spec);
  }
}

/**
 * An OpenID Connect client for the authorization-code flow with PKCE (S256): confidential when it has a secret,
 * public otherwise. Its tokens carry the user's groups (`groups`, plain names) and the client id as audience
 * (oauth2-proxy's keycloak-oidc provider checks it). Sign-out may return to the app.
 */
export function addClient(scope: Construct, realm: string, props: ClientProps): void {
  const mappers: KeycloakProtocolMapper[] = [
    {
      name: 'audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: {
        'access.token.claim': 'true',
        'id.token.claim': 'false',
        'included.client.audience': props.clientId,
      },
    },
    {
      name: 'groups',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-group-membership-mapper',
      config: {
        'access.token.claim': 'true',
        'claim.name': 'groups',
        'full.path': 'false',
        'id.token.claim': 'true',
        'userinfo.token.claim': 'true',
      },
    },
  ];
  const spec: KeycloakClientSpec = {
    clientId: props.clientId,
    name: props.name,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: props.secret === undefined,
    ...(props.secret === undefined ? {} : { secret: props.secret }),
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    rootUrl: props.baseUrl,
    baseUrl: `${props.baseUrl}/`,
    redirectUris: [...props.redirectUris].sort(),
    webOrigins: [props.baseUrl],
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': `${props.baseUrl}/*`,
    },
    protocolMappers: mappers,
  };
  keycloakObject(scope, `client-${props.clientId}`, 'KeycloakClient', props.clientId, realm, spec);
}

/**
 * Multi-factor sign-in: with `mfa`, configuring a one-time password (TOTP) is asked of every new user at first
 * sign-in, and Keycloak's browser flow then asks for it at every sign-in. Without, it is not asked (users may still
 * set one up themselves).
 */
export function addOtpRequirement(scope: Construct, realm: string, mfa: boolean): void {
  const spec: KeycloakRequiredActionSpec = { alias: 'CONFIGURE_TOTP', enabled: true, defaultAction: mfa };
  keycloakObject(scope, 'required-action-otp', 'KeycloakRequiredAction', spec.alias, realm, spec);
}
