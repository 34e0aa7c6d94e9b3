import { Buffer } from 'node:buffer';
import { BundleFetchError } from './errors.js';

export interface FetchBundleOptions {
  /** Per attempt, for the whole transfer, in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Attempts for transient failures (network errors, timeouts, HTTP 429 and 5xx). @default 4 */
  attempts?: number;
  /** Wait before the second attempt, doubled for each later one, in milliseconds. @default 500 */
  backoffMs?: number;
  /** Largest accepted file, in bytes; a larger answer is refused, not retried. @default 32 MiB */
  maxBytes?: number;
  /** Redirects followed per attempt (GitHub release downloads take one or two). @default 5 */
  maxRedirects?: number;
  /** Aborts between and during attempts (a newer pass, shutdown). */
  signal?: AbortSignal;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (event: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

/**
 * Downloads one release file as text: bounded in time (per attempt), size (checked against Content-Length and
 * while streaming) and redirects (never from HTTPS down to HTTP), with exponential backoff between attempts for
 * transient failures.
 * @throws BundleFetchError with the URL and the last reason, once attempts are spent or the failure is final
 * @example const yaml = await fetchBundleFile('https://github.com/…/cert-manager.yaml', { attempts: 3 })
 */
export async function fetchBundleFile(url: string, options: FetchBundleOptions = {}): Promise<string> {
  const { attempts = 4, backoffMs = 500, signal } = options;
  let last: BundleFetchError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (signal?.aborted) throw new BundleFetchError(url, 'aborted', false);
    try {
      return await fetchOnce(url, options);
    } catch (error) {
      last =
        error instanceof BundleFetchError
          ? error
          : new BundleFetchError(url, describe(error), true, { cause: error });
      if (!last.isTransient || attempt === attempts) break;
      const delayMs = backoffMs * 2 ** (attempt - 1);
      options.onRetry?.({ url, attempt, delayMs, reason: last.reason });
      await sleep(delayMs, signal);
    }
  }
  throw new BundleFetchError(
    url,
    last!.isTransient ? `${last!.reason} (after ${attempts} attempts)` : last!.reason,
    last!.isTransient,
    { cause: last },
  );
}

async function fetchOnce(url: string, options: FetchBundleOptions): Promise<string> {
  const { timeoutMs = 30_000, maxBytes = DEFAULT_MAX_BUNDLE_BYTES, maxRedirects = 5 } = options;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const protocol = new URL(current).protocol;
    if (protocol !== 'https:' && protocol !== 'http:')
      throw new BundleFetchError(url, `unsupported protocol ${protocol}`, false);
    let response: Response;
    try {
      response = await fetch(current, { redirect: 'manual', signal, headers: { accept: '*/*' } });
    } catch (error) {
      if (timeout.aborted) throw new BundleFetchError(url, `timed out after ${timeoutMs} ms`, true);
      throw new BundleFetchError(url, describe(error), true, { cause: error });
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      await response.body?.cancel();
      if (redirects >= maxRedirects)
        throw new BundleFetchError(url, `more than ${maxRedirects} redirects`, false);
      const next = new URL(response.headers.get('location')!, current);
      if (new URL(current).protocol === 'https:' && next.protocol !== 'https:')
        throw new BundleFetchError(url, `refused a redirect from HTTPS to ${next.protocol}`, false);
      current = next.toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const transient = response.status === 429 || response.status >= 500;
      throw new BundleFetchError(url, `HTTP ${response.status} ${response.statusText}`.trim(), transient);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length) && length > maxBytes) {
      await response.body?.cancel();
      throw new BundleFetchError(url, tooLarge(maxBytes, `Content-Length ${length}`), false);
    }
    try {
      return await readLimited(response, maxBytes, url);
    } catch (error) {
      if (error instanceof BundleFetchError) throw error;
      if (timeout.aborted) throw new BundleFetchError(url, `timed out after ${timeoutMs} ms`, true);
      throw new BundleFetchError(url, describe(error), true, { cause: error });
    }
  }
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<string> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BundleFetchError(url, tooLarge(maxBytes, `more than ${maxBytes} bytes received`), false);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

function tooLarge(maxBytes: number, what: string): string {
  return `refused: larger than the ${maxBytes}-byte limit (${what})`;
}

/** The message and the system error code under it (fetch's `TypeError: fetch failed` hides it in `cause`). */
function describe(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm, where `instanceof Error` is false.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, cause } = error as { message: string; cause?: { code?: string; message?: string } };
    const detail = cause?.code ?? cause?.message;
    return detail ? `${message}: ${detail}` : message;
  }
  return String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
