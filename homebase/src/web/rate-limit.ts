import { HttpProblem } from './problem.js';

/** How many hits a key may take in a window. */
export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

/** The limits Home Base applies; keys are per client IP and, for account actions, per email. */
export interface RateLimits {
  signInPerIp: Limit;
  signInPerAccount: Limit;
  signUpPerIp: Limit;
  resetPerIp: Limit;
  resetPerAccount: Limit;
  apiPerIp: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerIp: { max: 20, windowMs: 15 * 60_000 },
  signInPerAccount: { max: 10, windowMs: 15 * 60_000 },
  signUpPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerAccount: { max: 3, windowMs: 60 * 60_000 },
  apiPerIp: { max: 300, windowMs: 60_000 },
};

/**
 * Fixed-window counters in memory (one Home Base process; behind several replicas, each counts on its own, so
 * the effective limit is per replica). A hit over the limit throws a 429 with `Retry-After`.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit against `key`; throws HttpProblem 429 when the limit is exceeded. */
  hit(key: string, limit: Limit, what: string): void {
    const now = this.now();
    if (this.windows.size > 50_000) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit.max) {
      const seconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      throw new HttpProblem(
        429,
        'Too many requests',
        `Too many ${what} attempts. Try again in ${seconds} seconds.`,
        { 'retry-after': String(seconds) },
      );
    }
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
