/**
 * Runs `check` until it stops throwing, and returns its result; after `timeoutMs` rethrows its last error.
 * For asserting on state a watch delivers asynchronously, without fixed sleeps.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
