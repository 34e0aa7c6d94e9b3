import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import {
  createOidcVerifier,
  InvalidTokenError,
  isJwt,
  type OidcSettings,
  type OidcVerifier,
} from './oidc-verifier.js';
import { PRINCIPAL, type Principal } from './principal.js';
import { ApiProblem } from './problem.js';

export interface BearerAuthOptions {
  /** The expected token (read per request, so a rotated Secret takes effect without a restart of the API). */
  token: () => string | Promise<string>;
  /** Paths (exact) that also accept `?access_token=`: the event stream, since EventSource cannot send headers. */
  queryTokenPaths?: readonly string[];
  /**
   * Keycloak sign-in, while the sso battery is installed: the settings its access tokens are checked against
   * (undefined: only the API token is accepted). @default none
   */
  oidc?: () => OidcSettings | undefined;
  /** @default a verifier of its own (keys cached per JWKS URL) */
  verifier?: OidcVerifier;
}

/** The API token's principal: the bootstrap and break-glass path, always an admin. */
const TOKEN_PRINCIPAL: Principal = { name: 'api-token', role: 'admin', via: 'token' };

/**
 * Requires `Authorization: Bearer <token>` (or `?access_token=` on `queryTokenPaths`): the API token (compared in
 * constant time), or — while sso is installed — a Keycloak access token of the console's client. Missing or wrong →
 * 401 `unauthorized` with `WWW-Authenticate: Bearer`; a Keycloak user in no role group → 403. Sets the request's
 * principal (`principal.ts`), which `enforceRoles` checks.
 * @example app.use('/api/v1/*', bearerAuth({ token: () => secretToken, queryTokenPaths: ['/api/v1/events'] }))
 */
export function bearerAuth({
  token,
  queryTokenPaths = [],
  oidc = () => undefined,
  verifier = createOidcVerifier(),
}: BearerAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const fromHeader = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const fromQuery = queryTokenPaths.includes(c.req.path) ? c.req.query('access_token') : undefined;
    const presented = fromHeader ?? fromQuery;
    if (!presented) {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included"');
      throw new ApiProblem(
        401,
        'unauthorized',
        'a bearer token is required: Authorization: Bearer <token>, the key "token" of the Secret api-token in the operator namespace',
      );
    }
    const settings = isJwt(presented) ? oidc() : undefined;
    const principal = sameToken(presented, await token())
      ? TOKEN_PRINCIPAL
      : settings
        ? await verifier.principal(presented, settings).catch((error: unknown) => {
            if (!(error instanceof InvalidTokenError)) throw error;
            c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
            throw new ApiProblem(401, 'unauthorized', `the Keycloak session is not valid: ${error.message}`);
          })
        : undefined;
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
      throw new ApiProblem(401, 'unauthorized', 'the bearer token is not valid');
    }
    if (!principal.role)
      throw new ApiProblem(
        403,
        'forbidden',
        `${principal.name} is signed in but has no role: an admin adds them to the group admin or viewer (bi user add)`,
      );
    c.set(PRINCIPAL as never, principal as never);
    await next();
  };
}

/** Equal tokens, compared over their digests so neither length nor content leaks through timing. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected));
}
