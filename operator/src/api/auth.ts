import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './problem.js';
import { tokenIdOf, type StreamTickets } from './stream-tickets.js';

/** The POSTs that change nothing, which the viewer token may call: previews and event stream tickets. */
export const VIEWER_POSTS: readonly string[] = ['/api/v1/preview', '/api/v1/events/tickets'];

/** What a token may do: `admin` everything, `viewer` read (and preview). */
export type ApiRole = 'admin' | 'viewer';

/** Who is calling: the role of the token that authenticated, and that token's id (see `tokenIdOf`). */
export interface ApiCaller {
  role: ApiRole;
  tokenId: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    caller: ApiCaller;
  }
}

/** Where the tokens come from: read per request, so a rotated Secret takes effect without a restart. */
export interface ApiTokenGetters {
  /** The admin token. */
  token: () => string | Promise<string>;
  /** The read-only token. @default none */
  viewerToken?: () => string | undefined | Promise<string | undefined>;
}

/** Resolves presented tokens, and token ids (`tokenIdOf`), to their role under the current tokens. */
export interface TokenRoles {
  roleOf(presented: string): Promise<ApiRole | undefined>;
  /** The role of the token with this id, if it is still current (streams and tickets re-check it). */
  roleOfId(tokenId: string): Promise<ApiRole | undefined>;
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
}

const WHERE =
  'the key "token" (admin) or "viewer-token" (read-only) of the Secret api-token in the operator namespace';

/**
 * Requires `Authorization: Bearer <token>` — the admin or the viewer token — or, on `ticketPaths`, a `?ticket=`
 * minted by `POST /api/v1/events/tickets` (single use, 30 s). Missing, wrong, spent or expired → 401 `unauthorized`
 * with `WWW-Authenticate: Bearer`. A token in the URL (`?access_token=`) is refused outright: URLs end up in proxy
 * and browser logs. Compared in constant time. Sets `c.get('caller')`.
 * @example app.use('/api/v1/*', bearerAuth({ roles: tokenRoles({ token: () => tokens.admin }) }))
 */
export function bearerAuth({ roles, ticketPaths = [], tickets }: BearerAuthOptions): MiddlewareHandler {
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
    if (presented) {
      const role = await roles.roleOf(presented);
      if (!role) {
        c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
        throw new ApiProblem(401, 'unauthorized', 'the bearer token is not valid');
      }
      c.set('caller', { role, tokenId: tokenIdOf(presented) });
      return next();
    }
    if (ticket !== undefined && tickets) {
      const tokenId = tickets.redeem(ticket);
      // The token that minted the ticket must still be valid: a rotation also ends tickets not yet used.
      const role = tokenId ? await roles.roleOfId(tokenId) : undefined;
      if (!tokenId || !role) {
        c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
        throw new ApiProblem(
          401,
          'unauthorized',
          'the stream ticket is unknown, used or expired (tickets are single-use for 30 s): POST /api/v1/events/tickets for a new one',
        );
      }
      c.set('caller', { role, tokenId });
      return next();
    }
    c.header('WWW-Authenticate', 'Bearer realm="batteries-included"');
    throw new ApiProblem(
      401,
      'unauthorized',
      `a bearer token is required: Authorization: Bearer <token>, ${WHERE}`,
    );
  };
}

/**
 * Refuses the viewer token on every route that changes something (any method but GET and HEAD, except the
 * read-only POSTs in `readOnlyPosts`): 403 `forbidden`, naming the role.
 */
export function requireAdminForWrites(readOnlyPosts: readonly string[] = VIEWER_POSTS): MiddlewareHandler {
  return async (c, next) => {
    const caller = c.get('caller');
    const isRead =
      c.req.method === 'GET' ||
      c.req.method === 'HEAD' ||
      (c.req.method === 'POST' && readOnlyPosts.includes(c.req.path));
    if (caller?.role === 'viewer' && !isRead) {
      throw new ApiProblem(
        403,
        'forbidden',
        `the viewer token is read-only: ${c.req.method} ${c.req.path} needs the admin token (key "token" of the Secret api-token)`,
        { role: 'viewer' },
      );
    }
    await next();
  };
}

/** Equal tokens, compared over their digests so neither length nor content leaks through timing. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected));
}
