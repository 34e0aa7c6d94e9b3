import type { MiddlewareHandler } from 'hono';
import { safeEqual, tokenHash } from '../crypto/tokens.js';
import { HttpProblem } from './problem.js';

/**
 * Guards `/metrics`: without a configured token it is not served at all (404); with one, a request must carry
 * `Authorization: Bearer <token>` (401 otherwise). Request counts by route, sign-ups and logins are business data.
 */
export function requireMetricsToken(token: string | undefined): MiddlewareHandler {
  // Compared as digests: equal length whatever is presented, so the comparison time says nothing.
  const expected = token ? tokenHash(token) : undefined;
  return async (c, next) => {
    if (!expected) throw new HttpProblem(404, 'Not found', 'There is no such page.');
    const presented = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!presented || !safeEqual(tokenHash(presented), expected)) {
      throw new HttpProblem(
        401,
        'Metrics token required',
        'Send Authorization: Bearer <HOME_BASE_METRICS_TOKEN>.',
        { 'www-authenticate': 'Bearer realm="homebase-metrics"' },
      );
    }
    await next();
  };
}
