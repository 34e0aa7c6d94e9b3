import {
  API_GROUP,
  coreSchema,
  publicUrl,
  splitApiVersion,
  SSO_REALM,
  ssoSchema,
  type KubeObject,
} from '@batteries-included/batteries';
import type { OidcSettings } from './oidc-verifier.js';

/** The console's Keycloak client (the sso battery's `control` client: public, PKCE). */
export const CONSOLE_CLIENT_ID = 'control';

/** What the console needs to sign in through Keycloak (all public: no secret, the client is public). */
export interface ConsoleSignIn extends OidcSettings {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint: string;
}

/**
 * Keycloak sign-in settings while the sso battery is installed (and its spec valid), from the Battery objects in
 * the cache: the issuer from the sso battery's public URL of `keycloak` (what browsers see and tokens carry), the keys
 * from the operator's way to Keycloak (`keycloakUrl`, else the keycloak battery's Service). Undefined otherwise:
 * then only the API token signs in.
 */
export function consoleSignIn(
  batteries: readonly KubeObject[],
  keycloakUrl: string | undefined,
): ConsoleSignIn | undefined {
  const specOf = (name: string) =>
    batteries.find(
      (b) =>
        b.metadata.name === name &&
        splitApiVersion(b.apiVersion).group === API_GROUP &&
        !b.metadata.deletionTimestamp,
    )?.spec;
  const sso = batteries.some((b) => b.metadata.name === 'sso')
    ? ssoSchema.safeParse(specOf('sso') ?? {})
    : undefined;
  if (!sso?.success || !batteries.some((b) => b.metadata.name === 'keycloak')) return undefined;
  const core = coreSchema.safeParse(specOf('core') ?? {});
  const namespace = core.success ? core.data.namespaces.core : 'battery-core';
  const issuer = `${publicUrl('keycloak', sso.data)}/realms/${SSO_REALM}`;
  const internal = `${(keycloakUrl ?? `http://keycloak.${namespace}.svc:8080`).replace(/\/+$/, '')}/realms/${SSO_REALM}`;
  return {
    issuer,
    clientId: CONSOLE_CLIENT_ID,
    jwksUrl: `${internal}/protocol/openid-connect/certs`,
    authorizationEndpoint: `${issuer}/protocol/openid-connect/auth`,
    tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    endSessionEndpoint: `${issuer}/protocol/openid-connect/logout`,
  };
}
