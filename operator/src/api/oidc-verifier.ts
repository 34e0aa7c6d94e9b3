import { Buffer } from 'node:buffer';
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Role } from './principal.js';

/** A Keycloak user as its access token names them, with the role their groups give (none: in no role group). */
export interface SignedIn {
  name: string;
  role?: Role;
}

/** Where the console's Keycloak sessions come from: the issuer browsers see, and where its keys are fetched. */
export interface OidcSettings {
  /** `<keycloak public URL>/realms/batterycore`: the `iss` of every token. */
  issuer: string;
  /** The operator's way to the same realm's keys (in-cluster Service, or the configured URL). */
  jwksUrl: string;
  /** The console's client: tokens must name it as audience (or authorized party). */
  clientId: string;
}

/** A token that cannot be accepted; the message says why, never the token. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

interface Claims {
  iss?: string;
  aud?: string | string[];
  azp?: string;
  exp?: number;
  nbf?: number;
  preferred_username?: string;
  sub?: string;
  groups?: unknown;
}

/** Does this bearer value look like a JWT (three base64url parts)? The API token never does. */
export function isJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

/**
 * Verifies Keycloak access tokens (RS256, signed by a key of the realm's JWKS; `iss`, audience, expiry with 30 s of
 * clock skew) and turns them into principals: the `admin` group gives the admin role, `viewer` the viewer role, and a
 * user in neither is refused. Keys are fetched on first use and again for an unknown key id (at most every 30 s).
 */
export function createOidcVerifier(now: () => number = Date.now) {
  const keys = new Map<string, { fetchedAt: number; byId: Map<string, KeyObject> }>();

  const keyFor = async (jwksUrl: string, kid: string): Promise<KeyObject | undefined> => {
    const cached = keys.get(jwksUrl);
    if (cached?.byId.has(kid)) return cached.byId.get(kid);
    if (cached && now() - cached.fetchedAt < 30_000) return undefined;
    const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!response?.ok) throw new InvalidTokenError(`the realm's keys could not be fetched from ${jwksUrl}`);
    const body = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string; use?: string }> };
    const byId = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig')) continue;
      byId.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
    keys.set(jwksUrl, { fetchedAt: now(), byId });
    return byId.get(kid);
  };

  return {
    /** The principal of a valid token; throws `InvalidTokenError` otherwise. */
    async principal(token: string, settings: OidcSettings): Promise<SignedIn> {
      const [head, payload, signature] = token.split('.') as [string, string, string];
      const header = parsePart<{ alg?: string; kid?: string }>(head);
      if (header.alg !== 'RS256' || !header.kid)
        throw new InvalidTokenError('only RS256 tokens with a key id are accepted');
      const key = await keyFor(settings.jwksUrl, header.kid);
      if (!key) throw new InvalidTokenError('the token was signed by a key the realm does not have');
      const isSigned = verify(
        'RSA-SHA256',
        Buffer.from(`${head}.${payload}`),
        key,
        Buffer.from(signature, 'base64url'),
      );
      if (!isSigned) throw new InvalidTokenError('the token signature is not valid');
      const claims = parsePart<Claims>(payload);
      if (claims.iss !== settings.issuer)
        throw new InvalidTokenError(`the token was not issued by ${settings.issuer}`);
      const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud ? [claims.aud] : [];
      if (!audiences.includes(settings.clientId) && claims.azp !== settings.clientId)
        throw new InvalidTokenError(`the token is not for the client ${settings.clientId}`);
      const seconds = now() / 1000;
      if (typeof claims.exp !== 'number' || claims.exp < seconds - 30)
        throw new InvalidTokenError('the token has expired');
      if (typeof claims.nbf === 'number' && claims.nbf > seconds + 30)
        throw new InvalidTokenError('the token is not valid yet');
      const name = claims.preferred_username ?? claims.sub ?? 'unknown';
      const groups = Array.isArray(claims.groups)
        ? claims.groups.map((g) => String(g).replace(/^\//, ''))
        : [];
      const role: Role | undefined = groups.includes('admin')
        ? 'admin'
        : groups.includes('viewer')
          ? 'viewer'
          : undefined;
      return role ? { name, role } : { name };
    },
  };
}

export type OidcVerifier = ReturnType<typeof createOidcVerifier>;

function parsePart<T>(part: string): T {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as T;
  } catch {
    throw new InvalidTokenError('the token is not a well-formed JWT');
  }
}
