// The operator's HTTP API as tests call it: with the bearer token, bodies parsed, and the event stream collected in
// the background. In-process it goes through `app.request()` (no socket); against a URL through fetch.

/** A request as the API client sends it. */
export interface ApiRequest {
  method?: string;
  /** JSON-encoded, with `content-type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** The status and the parsed JSON body (undefined when empty). */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** One server-sent event from `/api/v1/events`. */
export interface StreamedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** The event stream, read in the background from the moment it was opened. */
export interface EventStream {
  /** Every event so far, in order. */
  readonly events: StreamedEvent[];
  /** Cancels the stream and waits for the reader to end. */
  stop(): Promise<void>;
}

/** The API with its token. */
export interface ApiClient {
  /** The bearer token (from the Secret `api-token`). */
  readonly token: string;
  /** `http://127.0.0.1:<port>` when the API listens on a socket. */
  readonly url?: string;
  /**
   * Calls `path` (`/api/v1/…`) with the token and resolves with status and parsed body.
   * @example const { status, body } = await api.call('/api/v1/batteries/redis', { method: 'PUT', body: { spec: {} } });
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field
  call<T = any>(path: string, init?: ApiRequest): Promise<ApiResponse<T>>;
  /** The raw response, without the token (open endpoints, refusals). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Opens `/api/v1/events` as the console does (a ticket from `POST /api/v1/events/tickets`) and collects it. */
  events(): Promise<EventStream>;
}

/** How a client reaches the API: `app.request` of a Hono app, or fetch against a base URL. */
export type Transport = (path: string, init?: RequestInit) => Promise<Response>;

/** An API client over `transport` with `token`. */
export function createApiClient(transport: Transport, token: string, url?: string): ApiClient {
  return {
    token,
    ...(url ? { url } : {}),
    request: transport,
    async call(path, init = {}) {
      const response = await transport(path, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    events: async () => {
      const minted = await transport('/api/v1/events/tickets', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (minted.status !== 201) throw new Error(`POST /api/v1/events/tickets answered ${minted.status}`);
      const { ticket } = (await minted.json()) as { ticket: string };
      return readEventStream(await transport(`/api/v1/events?ticket=${encodeURIComponent(ticket)}`));
    },
  };
}

/** Fetch against `url` (`http://127.0.0.1:<port>`). */
export function fetchTransport(url: string): Transport {
  return (path, init) => fetch(`${url}${path}`, init);
}

/** Reads a `text/event-stream` response in the background into `events`. */
export function readEventStream(response: Response): EventStream {
  const events: StreamedEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(message)?.[1];
        const data = /^data: (.*)$/m.exec(message)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return {
    events,
    stop: async () => {
      await reader.cancel();
      await pump;
    },
  };
}
