/** How long to wait before the next attempt after consecutive failures. */
export interface BackoffOptions {
  /** Delay after the first failure, in milliseconds. @default 250 */
  readonly initialMs?: number;
  /** Upper bound of the delay before jitter, in milliseconds. @default 30_000 */
  readonly maxMs?: number;
  /** Growth per failure. @default 2 */
  readonly factor?: number;
  /** Fraction of the delay added at random (0.5 → up to +50 %), so that many clients do not retry in step. @default 0.5 */
  readonly jitter?: number;
}

/**
 * The delay before attempt `failures + 1`: `min(maxMs, initialMs × factor^(failures − 1))` plus up to `jitter`
 * of that at random. Zero failures means no wait.
 * @example backoffDelay(3) // between 1000 and 1500 ms with the defaults
 */
export function backoffDelay(
  failures: number,
  { initialMs = 250, maxMs = 30_000, factor = 2, jitter = 0.5 }: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0;
  const base = Math.min(maxMs, initialMs * factor ** (failures - 1));
  return Math.round(base * (1 + jitter * random()));
}
