import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './problem.js';

export interface BearerAuthOptions {
  /** The expected token (read per request, so a rotated Secret takes effect without a restart of the API). */
  token: () => string | Promise<string>;
  /** Paths (exact) that also accept `?access_token=`: the event stream, since EventSource cannot send headers. */
  queryTokenPaths?: readonly string[];
}

/**
 * Requires `Authorization: Bearer <token>` (or `?access_token=` on `queryTokenPaths`). Missing or wrong → 401
 * `unauthorized` with `WWW-Authenticate: Bearer`. Compared in constant time.
 * @example app.use('/api/v1/*', bearerAuth({ token: () => secretToken, queryTokenPaths: ['/api/v1/events'] }))
 */
export function bearerAuth({ token, queryTokenPaths = [] }: BearerAuthOptions): MiddlewareHandler {
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
    if (!sameToken(presented, await token())) {
      c.header('WWW-Authenticate', 'Bearer realm="batteries-included", error="invalid_token"');
      throw new ApiProblem(401, 'unauthorized', 'the bearer token is not valid');
    }
    await next();
  };
}

/** Equal tokens, compared over their digests so neither length nor content leaks through timing. */
function sameToken(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return expected.length > 0 && timingSafeEqual(digest(presented), digest(expected));
}
