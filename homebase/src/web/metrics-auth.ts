import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpProblem } from './problem.js';

/**
 * Guards `/metrics`: without a configured token it is not served at all (404); with one, a request must carry
 * `Authorization: Bearer <token>` (401 otherwise). Request counts by route, sign-ups and logins are business data.
 */
export function requireMetricsToken(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) throw new HttpProblem(404, 'Not found', 'There is no such page.');
    const presented = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      throw new HttpProblem(
        401,
        'Metrics token required',
        'Send Authorization: Bearer <HOME_BASE_METRICS_TOKEN>.',
        {
          'www-authenticate': 'Bearer realm="homebase-metrics"',
        },
      );
    }
    await next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
