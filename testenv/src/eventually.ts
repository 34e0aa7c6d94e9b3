// The one poller of the test platform: every wait for asynchronous state (a watch delivering an event, a battery
// becoming Ready, a process logging a line) goes through `eventually`, so every timeout fails the same way —
// naming what it waited for and what it saw last.

/** How `eventually` polls and what it says when it gives up. */
export interface EventuallyOptions {
  /** How long to keep trying, in milliseconds; keep it below the test's own timeout. @default 30_000 */
  readonly timeoutMs?: number;
  /** Pause between attempts, in milliseconds. @default 250 */
  readonly intervalMs?: number;
  /**
   * What the state looked like, for the timeout message. Default: the last attempt's error message, or the last
   * value the probe returned (as JSON, shortened).
   */
  readonly lastSeen?: () => string;
  /**
   * Called before each attempt; an error it returns ends the wait at once with that error (for example: the
   * process being waited on has exited, so waiting longer cannot help).
   */
  readonly failFast?: () => Error | undefined | Promise<Error | undefined>;
}

/** The error `eventually` throws on timeout; `lastError` is the last attempt's error, if it threw. */
export class EventuallyTimeoutError extends Error {
  constructor(
    message: string,
    readonly lastError?: unknown,
  ) {
    super(message, lastError === undefined ? undefined : { cause: lastError });
    this.name = 'EventuallyTimeoutError';
  }
}

type Settled<T> = Exclude<T, undefined | false>;

/**
 * Polls until the world is as wanted. Two forms, one loop:
 * - `eventually(check, options?)`: until `check` returns without throwing (assertions inside: the last failed
 *   assertion is the timeout message); resolves with what it returned.
 * - `eventually(what, probe, options?)`: until `probe` returns something other than `undefined` or `false`
 *   (a thrown error counts as "not yet"); resolves with that value; the timeout names `what`.
 * @example
 * await eventually(() => expect(lease.isLeader()).toBe(true), { timeoutMs: 20_000 });
 * const pvc = await eventually('the models claim', () => platform.getJson(['-n', 'battery-ai', 'get', 'pvc', 'models']));
 */
export function eventually<T>(check: () => T | Promise<T>, options?: EventuallyOptions | number): Promise<T>;
export function eventually<T>(
  what: string,
  probe: () => T | Promise<T>,
  options?: EventuallyOptions,
): Promise<Settled<T>>;
export async function eventually<T>(
  first: string | (() => T | Promise<T>),
  second?: (() => T | Promise<T>) | EventuallyOptions | number,
  third?: EventuallyOptions,
): Promise<T> {
  const isProbe = typeof first === 'string';
  const probe = (isProbe ? second : first) as () => T | Promise<T>;
  const given = isProbe ? third : (second as EventuallyOptions | number | undefined);
  const options: EventuallyOptions = typeof given === 'number' ? { timeoutMs: given } : (given ?? {});
  const { timeoutMs = 30_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: { value: T } | undefined;
  for (;;) {
    const fatal = await options.failFast?.();
    if (fatal) throw fatal;
    try {
      const value = await probe();
      if (!isProbe || (value !== undefined && value !== false)) return value;
      lastValue = { value };
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
  // The check form rethrows its own last failure: an assertion's message (with its diff) says more than we could.
  if (!isProbe && options.lastSeen === undefined && lastError !== undefined) throw lastError;
  const seen = options.lastSeen?.() ?? describe(lastError, lastValue);
  const what = isProbe ? (first as string) : 'the check to pass';
  throw new EventuallyTimeoutError(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`,
    lastError,
  );
}

function describe(error: unknown, last: { value: unknown } | undefined): string {
  if (error !== undefined) return error instanceof Error ? error.message : String(error);
  if (!last) return '';
  const text = JSON.stringify(last.value) ?? String(last.value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
