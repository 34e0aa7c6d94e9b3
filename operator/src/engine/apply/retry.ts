import { KubeApiError } from '../../kube/errors.js';

export interface RetryOptions {
  /** Attempts in all, including the first. Default 4. */
  attempts?: number;
  /** First backoff; doubles each time, with ±50 % jitter. Default 200 ms. */
  baseDelayMs?: number;
  signal?: AbortSignal;
}

/** Retries transient API failures (unreachable, 429, 5xx, conflicts) with jittered exponential backoff. */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const transient = error instanceof KubeApiError && error.isTransient;
      if (!transient || attempt >= attempts || options.signal?.aborted) throw error;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
