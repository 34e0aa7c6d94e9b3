/** The API server refused a request about one object; the message starts with the object's ref. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly ref: string,
    /** HTTP status, e.g. 422 for an invalid object; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's reason, e.g. `Invalid`, `NotFound`, `Conflict`. */
    readonly reason: string,
    /** The API's own message, naming the offending fields. */
    readonly apiMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${ref}: ${reason}: ${apiMessage}`, options);
  }

  /** Server-side failures and throttling are worth retrying; invalid objects are not. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.reason === 'Conflict';
  }
}

/** Converts whatever client-node threw into a KubeApiError for `ref`. */
export function toKubeApiError(ref: string, error: unknown): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const e = error as { code?: number; body?: unknown; message?: string };
  if (typeof e?.code === 'number' && e.code >= 100) {
    const body = parseBody(e.body);
    return new KubeApiError(
      ref,
      e.code,
      body?.reason ?? 'Unknown',
      body?.message ?? String(e.body ?? e.message),
      { cause: error },
    );
  }
  // client-node's generic API looks the kind up itself and throws this before any request; the API server
  // answers 404 for a kind it does not serve, so say the same.
  if (e?.message?.startsWith('Unrecognized API version and kind')) {
    return new KubeApiError(ref, 404, 'NotFound', e.message, { cause: error });
  }
  return new KubeApiError(ref, 0, 'Unreachable', e?.message ?? String(error), { cause: error });
}

function parseBody(body: unknown): { reason?: string; message?: string } | undefined {
  if (typeof body === 'object' && body !== null) return body as { reason?: string; message?: string };
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as { reason?: string; message?: string };
  } catch {
    return { message: body };
  }
}
