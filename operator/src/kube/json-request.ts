import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';

export interface JsonRequestOptions {
  /** @default 'GET' */
  readonly method?: string;
  /** Absolute API path, e.g. `/api/v1/configmaps`. */
  readonly path: string;
  /** Query parameters; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** @default 'application/json' when there is a body */
  readonly contentType?: string;
  /** @default 'application/json' */
  readonly accept?: string;
  /** Aborts the request (the promise rejects with an AbortError). */
  readonly signal?: AbortSignal;
  /** Gives up when the socket is idle this long, in milliseconds. @default 60_000 */
  readonly idleTimeoutMs?: number;
}

/** Idle pooled sockets are closed after this long, well before the API server's own idle timeout. */
const FREE_SOCKET_TIMEOUT_MS = 15_000;
const HTTP_AGENT = new HttpAgent({ keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS });
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true, timeout: FREE_SOCKET_TIMEOUT_MS });

/**
 * One request to the API server with the KubeConfig's credentials, answering the parsed JSON body as it
 * came over the wire. client-node's generated and generic APIs deserialize responses into model classes
 * (Dates instead of strings, `xKubernetesPreserveUnknownFields` instead of `x-kubernetes-preserve-unknown-fields`,
 * unknown fields dropped), which is wrong for a cache whose objects are hashed and compared; lists and
 * discovery therefore come through here. Connections are kept alive and reused across calls (one pool per
 * process, keyed by the TLS identity). Non-2xx answers reject with client-node's `ApiException`
 * (`code`, `body`), which `toKubeApiError` understands.
 */
export async function requestJson<T = unknown>(config: KubeConfig, options: JsonRequestOptions): Promise<T> {
  const response = await new Promise<{ status: number; text: string; headers: Record<string, string> }>(
    (resolve, reject) => {
      sendRequest(config, options, (res) => readBody(res).then(resolve, reject)).catch(reject);
    },
  );
  const body = parseJson(response.text);
  if (response.status < 200 || response.status > 299) {
    throw new ApiException(
      response.status,
      `HTTP ${response.status} from ${options.method ?? 'GET'} ${options.path}`,
      body,
      response.headers,
    );
  }
  return body as T;
}

/**
 * One request whose answer is streamed (pod logs): resolves with the response once a 2xx status arrives, for the
 * caller to read and end (destroy it, or abort `signal`, to stop). A non-2xx answer rejects like `requestJson`.
 */
export async function requestStream(
  config: KubeConfig,
  options: JsonRequestOptions,
): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    sendRequest(config, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status <= 299) return resolve(res);
      readBody(res).then(
        (answer) =>
          reject(
            new ApiException(
              status,
              `HTTP ${status} from ${options.method ?? 'GET'} ${options.path}`,
              parseJson(answer.text),
              answer.headers,
            ),
          ),
        reject,
      );
    }).catch(reject);
  });
}

/** Sends one request with the KubeConfig's credentials on the shared agents; `onResponse` gets the answer. */
async function sendRequest(
  config: KubeConfig,
  options: JsonRequestOptions,
  onResponse: (res: IncomingMessage) => void,
): Promise<void> {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/$/, '') + options.path);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const httpsOptions: RequestOptions = { headers: {} };
  await config.applyToHTTPSOptions(httpsOptions);
  // client-node hands out a new Agent on every call, which would cost a TCP connection and a TLS handshake per
  // request. Share keep-alive agents instead: an Agent pools sockets by the TLS options each request carries
  // (CA, client certificate and key, servername, verification), so different credentials never share a socket.
  // A proxy agent is kept as it is.
  if (!cluster.proxyUrl) httpsOptions.agent = url.protocol === 'http:' ? HTTP_AGENT : HTTPS_AGENT;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = {
    ...(httpsOptions.headers as Record<string, string>),
    accept: options.accept ?? 'application/json',
  };
  if (payload !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  await new Promise<void>((resolve, reject) => {
    const req = send(
      url,
      { ...httpsOptions, method: options.method ?? 'GET', headers, signal: options.signal },
      (res) => {
        onResponse(res);
        resolve();
      },
    );
    req.setTimeout(options.idleTimeoutMs ?? 60_000, () =>
      req.destroy(
        new Error(
          `${options.method ?? 'GET'} ${options.path}: no answer in ${options.idleTimeoutMs ?? 60_000} ms`,
        ),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function readBody(
  res: IncomingMessage,
): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers))
        if (typeof value === 'string') headers[key] = value;
      resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers });
    });
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
