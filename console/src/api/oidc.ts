// Sign-in through Keycloak (the sso battery): the authorization-code flow with PKCE (S256) for the public client
// `control`. The code verifier and state live in sessionStorage for the round trip only; the access token joins the
// API token's place (token.ts), so every API call carries whichever the user has. Sign-out ends the Keycloak
// session, not only ours.
import { clearToken, saveToken } from './token.js';

/** `GET /api/auth/config`: how this installation signs in. */
export type AuthConfig =
  | { mode: 'token' }
  | {
      mode: 'oidc';
      issuer: string;
      clientId: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      endSessionEndpoint: string;
    };
type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

const FLOW_KEY = 'bi.oidc.flow';
const ID_TOKEN_KEY = 'bi.oidc.idToken';
/** The path Keycloak returns to; the sso battery registers `<console URL>/auth/callback` for the client. */
export const CALLBACK_PATH = '/auth/callback';

export async function fetchAuthConfig(): Promise<AuthConfig> {
  const response = await fetch('/api/auth/config', { headers: { accept: 'application/json' } });
  return response.ok ? ((await response.json()) as AuthConfig) : { mode: 'token' };
}

/** Sends the browser to Keycloak's sign-in page; it comes back to `CALLBACK_PATH` with a code. */
export async function beginSignIn(config: OidcConfig, returnTo = '/'): Promise<void> {
  const verifier = randomString(48);
  const state = randomString(24);
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state, returnTo }));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    code_challenge: base64Url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
    state,
  }).toString();
  window.location.assign(url.toString());
}

/**
 * On `CALLBACK_PATH`: checks the state, exchanges the code (with the verifier) for tokens, keeps the access token for
 * API calls and the ID token for sign-out, and returns where the user was going. Throws on a forged or stale
 * callback.
 */
export async function completeSignIn(
  config: OidcConfig,
  location: Location = window.location,
): Promise<string> {
  const params = new URLSearchParams(location.search);
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(FLOW_KEY);
  if (params.get('error'))
    throw new Error(
      `Keycloak refused the sign-in: ${params.get('error_description') ?? params.get('error')}`,
    );
  if (!flow || params.get('state') !== flow.state || !params.get('code'))
    throw new Error('This sign-in link is stale or was not started here; sign in again.');
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: params.get('code')!,
      redirect_uri: `${location.origin}${CALLBACK_PATH}`,
      code_verifier: flow.verifier,
    }),
  });
  if (!response.ok)
    throw new Error(`Keycloak did not issue a session (HTTP ${response.status}); sign in again.`);
  const tokens = (await response.json()) as { access_token: string; id_token?: string };
  saveToken(tokens.access_token);
  if (tokens.id_token) sessionStorage.setItem(ID_TOKEN_KEY, tokens.id_token);
  return flow.returnTo.startsWith('/') && !flow.returnTo.startsWith('//') ? flow.returnTo : '/';
}

/** Forgets the session here and ends it at Keycloak, which sends the browser back to the console. */
export function signOut(config: AuthConfig): void {
  clearToken();
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  if (config.mode !== 'oidc') {
    window.location.assign('/');
    return;
  }
  const url = new URL(config.endSessionEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    post_logout_redirect_uri: `${window.location.origin}/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  window.location.assign(url.toString());
}

function randomString(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
