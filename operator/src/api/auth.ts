import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import {
  createOidcVerifier,
  InvalidTokenError,
  isJwt,
  type OidcSettings,
  type OidcVerifier,
} from './oidc-verifier.js';
import type { Principal, Role } from './principal.js';
import { ApiProblem } from './problem.js';
import { tokenIdOf, type StreamTickets } from './stream-tickets.js';

/** The POSTs that change nothing, which a viewer may call: previews and event stream tickets. */
export const VIEWER_POSTS: readonly string[] = ['/api/v1/preview', '/api/v1/events/tickets'];

/** Where the tokens come from: read per request, so a rotated Secret takes effect without a restart. */
export interface ApiTokenGetters {
  /** The admin token. */
  token: () => string | Promise<string>;
  /** The read-only token. @default none */
  viewerToken?: () => string | undefined | Promise<string | undefined>;
}

/** Resolves presented tokens, and token ids (`tokenIdOf`), to their role under the current tokens. */
export interface TokenRoles {
  roleOf(presented: string): Promise<Role | undefined>;
  /** The role of the token with this id, if it is still current (streams and tickets re-check it). */
  roleOfId(tokenId: string): Promise<Role | undefined>;
}

/** Role resolution over the current tokens; tokens compared in constant time. */
export function tokenRoles({ token, viewerToken }: ApiTokenGetters): TokenRoles {
  return {
    async roleOf(presented) {
      if (sameToken(presented, await token())) return 'admin';
      const viewer = await viewerToken?.();
      return viewer && sameToken(presented, viewer) ? 'viewer' : undefined;
    },
    async roleOfId(tokenId) {
      const admin = await token();
      if (admin && tokenIdOf(admin) === tokenId) return 'admin';
      const viewer = await viewerToken?.();
      return viewer && tokenIdOf(viewer) === tokenId ? 'viewer' : undefined;
    },
  };
}

export interface BearerAuthOptions {
  roles: TokenRoles;
  /** Paths (exact) that accept `?ticket=` from `tickets` instead of the header: the event stream. */
  ticketPaths?: readonly string[];
  tickets?: StreamTickets;
  /**
   * Keycloak sign-in, while the sso battery is installed: the settings its access tokens are checked against
   * (undefined: only the API tokens are accepted). @default none
   */
  oidc?: () => OidcSettings | undefined;
  /** @default a verifier of its own (keys cached per JWKS URL) */
  verifier?: OidcVerifier;
}

const WHERE =
  'the key "token" (admin) or "viewer-token" (read-only) of the Secret api-token in the operator namespace';

/**
 * Authenticates every request and sets its principal (`principal.ts`), which `enforceRoles` checks. Accepted:
 * `Authorization: Bearer <token>` with the admin or the viewer API token (the bootstrap and break-glass path, compared
 * in constant time) or — while sso is installed — a Keycloak access token of the console's client, its role from the
 * user's groups; on `ticketPaths`, a `?ticket=` minted by `POST /api/v1/events/tickets` (single use, 30 s). Missing,
 * wrong, spent or expired → 401 `unauthorized` with `WWW-Authenticate: Bearer`; a Keycloak user in no role group →
 * 403. A token in the URL (`?access_token=`) is refused outright: URLs end up in proxy and browser logs.
 * @example app.use('/api/v1/*', bearerAuth({ roles: tokenRoles({ token: () => tokens.admin }) }))
 */
export function bearerAuth({
  roles,
  ticketPaths = [],
  tickets,
  oidc = () => undefined,
  verifier = createOidcVerifier(),
}: BearerAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.query('access_token') !== undefined) {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_request"');
      throw new ApiProblem(
        401,
        'unauthorized',
        '?access_token= is not accepted: tokens in URLs end up in proxy logs. Send Authorization: Bearer <token>; ' +
          'for the event stream, POST /api/v1/events/tickets and open /api/v1/events?ticket=<ticket>',
      );
    }
    const presented = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const ticket = ticketPaths.includes(c.req.path) ? c.req.query('ticket') : undefined;
    let principal: Principal | undefined;
    if (presented) principal = await principalOfToken(presented);
    else if (ticket !== undefined && tickets) principal = await principalOfTicket(ticket);
    else {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included"');
      throw new ApiProblem(
        401,
        'unauthorized',
        `a bearer token is required: Authorization: Bearer <token>, ${WHERE}`,
      );
    }
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
      throw new ApiProblem(
        401,
        'unauthorized',
        presented
          ? 'the bearer token is not valid'
          : 'the stream ticket is unknown, used or expired (tickets are single-use for 30 s): POST /api/v1/events/tickets for a new one',
      );
    }
    c.set('principal', principal);
    await next();

    async function principalOfToken(token: string): Promise<Principal | undefined> {
      const tokenId = tokenIdOf(token);
      const role = await roles.roleOf(token);
      if (role) return { name: role === 'admin' ? 'api-token' : 'viewer-token', role, via: 'token', tokenId };
      const settings = isJwt(token) ? oidc() : undefined;
      if (!settings) return undefined;
      const signedIn = await verifier.principal(token, settings).catch((error: unknown) => {
        if (!(error instanceof InvalidTokenError)) throw error;
        c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
        throw new ApiProblem(401, 'unauthorized', `the Keycloak session is not valid: ${error.message}`);
      });
      if (!signedIn.role)
        throw new ApiProblem(
          403,
          'forbidden',
          `${signedIn.name} is signed in but has no role: an admin adds them to the group admin or viewer (bi user add)`,
        );
      return { name: signedIn.name, role: signedIn.role, via: 'oidc', tokenId };
    }

    async function principalOfTicket(value: string): Promise<Principal | undefined> {
      const minted = tickets!.redeem(value);
      if (!minted) return undefined;
      // An API token that minted the ticket must still be current: a rotation also ends tickets not yet used. A
      // Keycloak session's ticket carries the role it had (its access token expires within minutes anyway).
      const role = minted.via === 'token' ? await roles.roleOfId(minted.tokenId) : minted.role;
      return role ? { name: minted.name, role, via: minted.via, tokenId: minted.tokenId } : undefined;
    }
  };
}

/** Equal tokens, compared over their digests so neither length nor content leaks through timing. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected));
}
