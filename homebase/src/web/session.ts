import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { hmac, newToken, safeEqual, tokenHash } from '../crypto/tokens.js';
import type { HomeBaseContext, HomeBaseEnv } from './context.js';
import { HttpProblem } from './problem.js';

/** Sessions last two weeks. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

function cookieOptions(c: HomeBaseContext, maxAgeSeconds: number) {
  // `__Host-` cookies must be Secure, Path=/ and have no Domain; over plain http (local development) the
  // names drop the prefix and the Secure flag, which browsers would otherwise refuse.
  return {
    httpOnly: true,
    secure: c.get('deps').isHttps,
    sameSite: 'Lax' as const,
    path: '/',
    maxAge: maxAgeSeconds,
  };
}

/**
 * Loads the session from its cookie and derives the CSRF token: an HMAC of the session token (or, signed out,
 * of a random anonymous cookie), so a form's token is bound to the browser session that rendered it.
 */
export function loadSession(): MiddlewareHandler<HomeBaseEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const token = getCookie(c, deps.cookieNames.session);
    if (token) {
      const session = await deps.store.getSession(tokenHash(token), deps.now());
      if (session) {
        const team = session.teamId
          ? (await deps.store.listTeamsOf(session.userId)).find((t) => t.teamId === session.teamId)
          : undefined;
        c.set('session', { ...session, token, teamName: team?.name, isTeamAdmin: team?.isAdmin ?? false });
      } else {
        deleteCookie(c, deps.cookieNames.session, { path: '/', secure: deps.isHttps });
      }
    }
    const session = c.get('session');
    let binding = session?.token;
    if (!binding) {
      binding = getCookie(c, deps.cookieNames.anonymous);
      if (!binding) {
        binding = newToken();
        setCookie(c, deps.cookieNames.anonymous, binding, cookieOptions(c, 24 * 3600));
      }
    }
    c.set('csrfToken', hmac(deps.box.deriveKey('csrf'), `csrf:${binding}`));
    await next();
  };
}

/**
 * Every state-changing browser request (all but the installation-facing API) must come from our own origin and
 * carry the form's CSRF token.
 */
export function requireCsrf(): MiddlewareHandler<HomeBaseEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/')) return next();
    const deps = c.get('deps');
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    if (
      (origin && origin !== new URL(deps.baseUrl).origin) ||
      (fetchSite && !['same-origin', 'none'].includes(fetchSite))
    ) {
      throw new HttpProblem(
        403,
        'Cross-site request refused',
        'This form must be sent from Home Base itself.',
      );
    }
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody();
    } catch {
      // A malformed multipart body (no boundary, truncated parts) is the client's error, not ours.
      throw new HttpProblem(400, 'Malformed form', 'The form body could not be read; send it again.');
    }
    const sent = typeof body._csrf === 'string' ? body._csrf : '';
    if (!safeEqual(sent, c.get('csrfToken'))) {
      throw new HttpProblem(
        403,
        'Form expired',
        'The form was out of date or not from this session. Reload the page and try again.',
      );
    }
    await next();
  };
}

/** Starts a session for `userId` in this browser (a new token: no fixation), working in `teamId`. */
export async function startSession(
  c: HomeBaseContext,
  userId: string,
  teamId: string | undefined,
): Promise<void> {
  const deps = c.get('deps');
  const token = newToken();
  const now = deps.now();
  await deps.store.createSession({
    tokenHash: tokenHash(token),
    userId,
    teamId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  setCookie(c, deps.cookieNames.session, token, cookieOptions(c, SESSION_TTL_MS / 1000));
}

export async function endSession(c: HomeBaseContext): Promise<void> {
  const deps = c.get('deps');
  const session = c.get('session');
  if (session) await deps.store.deleteSession(tokenHash(session.token));
  deleteCookie(c, deps.cookieNames.session, { path: '/', secure: deps.isHttps });
}
