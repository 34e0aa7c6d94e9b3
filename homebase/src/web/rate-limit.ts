import { HttpProblem } from './problem.js';

/** How many hits a key may take in a window. */
export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Failures an account may take before each further attempt waits: `max` free failures, then a wait that doubles
 * from one second per failure up to `capMs`. Failures are forgotten `windowMs` after the last one, and a
 * successful sign-in clears them.
 */
export interface Backoff {
  readonly max: number;
  readonly windowMs: number;
  /** @default 60_000 */
  readonly capMs?: number;
}

/** The limits Home Base applies; keys are per client IP, per signed-in user and, for account actions, per email. */
export interface RateLimits {
  signInPerIp: Limit;
  /** Wrong passwords per account (attempts are not counted, so nobody can lock an account out for long). */
  signInPerAccount: Backoff;
  signUpPerIp: Limit;
  resetPerIp: Limit;
  resetPerAccount: Limit;
  apiPerIp: Limit;
  invitationsPerUser: Limit;
  teamsPerUser: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerIp: { max: 20, windowMs: 15 * 60_000 },
  signInPerAccount: { max: 10, windowMs: 15 * 60_000, capMs: 60_000 },
  signUpPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerIp: { max: 10, windowMs: 60 * 60_000 },
  resetPerAccount: { max: 3, windowMs: 60 * 60_000 },
  apiPerIp: { max: 300, windowMs: 60_000 },
  invitationsPerUser: { max: 20, windowMs: 60 * 60_000 },
  teamsPerUser: { max: 5, windowMs: 60 * 60_000 },
};

/**
 * Fixed-window counters in memory (one Home Base process; behind several replicas, each counts on its own, so
 * the effective limit is per replica). A hit over the limit throws a 429 with `Retry-After`.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly failures = new Map<string, { count: number; lastAt: number }>();

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

  /**
   * Throws a 429 with `Retry-After` while `key` is backing off (see Backoff); counts nothing. Call it before the
   * check that may fail, and `failed` or `succeeded` after.
   */
  assertNotBackingOff(key: string, backoff: Backoff, what: string): void {
    const now = this.now();
    const entry = this.liveFailures(key, backoff, now);
    if (!entry || entry.count < backoff.max) return;
    const waitMs = Math.min(backoff.capMs ?? 60_000, 1000 * 2 ** (entry.count - backoff.max));
    const retryAt = entry.lastAt + waitMs;
    if (now >= retryAt) return;
    const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
    throw new HttpProblem(
      429,
      'Too many requests',
      `Too many ${what} attempts. Try again in ${seconds} seconds.`,
      { 'retry-after': String(seconds) },
    );
  }

  /** Counts one failure against `key`. */
  failed(key: string, backoff: Backoff): void {
    const now = this.now();
    if (this.failures.size > 50_000) this.sweep(now);
    const entry = this.liveFailures(key, backoff, now);
    this.failures.set(key, { count: (entry?.count ?? 0) + 1, lastAt: now });
  }

  /** Forgets `key`'s failures (a successful sign-in). */
  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private liveFailures(key: string, backoff: Backoff, now: number) {
    const entry = this.failures.get(key);
    if (entry && now - entry.lastAt >= backoff.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Failures older than a day are past any window Home Base configures.
    for (const [key, entry] of this.failures)
      if (now - entry.lastAt > 24 * 3_600_000) this.failures.delete(key);
  }
}
