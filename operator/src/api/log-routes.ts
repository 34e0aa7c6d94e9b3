import type { IncomingMessage } from 'node:http';
import type { Context, Handler } from 'hono';
import { toKubeApiError } from '../kube/errors.js';
import { requestStream } from '../kube/json-request.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import { readQuery } from './request.js';
import { logsQuery } from './schemas.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** How many log streams one client may hold open at once, and all clients together. */
export const LOG_STREAMS_PER_CLIENT = 4;
export const LOG_STREAMS_TOTAL = 32;
/** Lines sent when the client does not say. */
const DEFAULT_TAIL_LINES = 500;
/** A log that is not followed is cut here (the API server's `limitBytes`). */
const MAX_LOG_BYTES = 8 << 20;
/** How long the API server's answer is awaited before the stream is handed to the client. */
const HEADERS_WAIT_MS = 2_000;
/** A followed stream ends after this long; the client reconnects (with tailLines=0) to go on. */
const MAX_FOLLOW_MS = 30 * 60_000;

interface PodLike {
  metadata: { name: string };
  spec?: { containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> };
}

/**
 * `GET /pods/:namespace/:name/logs?container=&tailLines=&follow=&previous=`: a pod's log streamed from the API
 * server through the operator as `text/plain`, for a pod `authorize` accepts (it throws a problem for any other).
 * Each client (by remote address) may hold `LOG_STREAMS_PER_CLIENT` streams open, all together
 * `LOG_STREAMS_TOTAL`; more answer 429 `too-many-streams`. Without `follow` the log is cut at 8 MiB; a followed one
 * ends after 30 minutes. Closing the connection ends the upstream request.
 */
export function logRoute(
  options: Pick<ApiOptions, 'config'>,
  authorize: (namespace: string, name: string) => Promise<PodLike>,
): Handler {
  const open = new Map<string, number>();
  let total = 0;
  const acquire = (client: string): (() => void) => {
    const mine = open.get(client) ?? 0;
    if (mine >= LOG_STREAMS_PER_CLIENT || total >= LOG_STREAMS_TOTAL)
      throw new ApiProblem(
        429,
        'too-many-streams',
        mine >= LOG_STREAMS_PER_CLIENT
          ? `at most ${LOG_STREAMS_PER_CLIENT} log streams per client at once; close one first`
          : `at most ${LOG_STREAMS_TOTAL} log streams at once; retry shortly`,
      );
    open.set(client, mine + 1);
    total += 1;
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      total -= 1;
      const left = (open.get(client) ?? 1) - 1;
      if (left === 0) open.delete(client);
      else open.set(client, left);
    };
  };

  return async (c: Context) => {
    const namespace = c.req.param('namespace') ?? '';
    const name = c.req.param('name') ?? '';
    // Both go into the API server's path: only names Kubernetes allows.
    for (const [field, value, pattern] of [
      ['namespace', namespace, DNS_LABEL],
      ['name', name, DNS_SUBDOMAIN],
    ] as const)
      if (!pattern.test(value))
        throw new ApiProblem(400, 'bad-request', `${field}: must be a Kubernetes name, got "${value}"`, {
          errors: [{ field, message: 'must be a Kubernetes name', value }],
        });
    const query = readQuery(c, logsQuery);
    const pod = await authorize(namespace, name);
    const container = chooseContainer(pod, query.container);
    const release = acquire(clientOf(c));
    const abort = new AbortController();
    const pending = requestStream(options.config, {
      path: `/api/v1/namespaces/${namespace}/pods/${name}/log`,
      query: {
        container,
        follow: query.follow ? true : undefined,
        previous: query.previous ? true : undefined,
        tailLines: query.tailLines ?? DEFAULT_TAIL_LINES,
        limitBytes: query.follow ? undefined : MAX_LOG_BYTES,
      },
      accept: 'text/plain, */*',
      signal: abort.signal,
      // A followed log may be quiet for long; it ends by the client, by MAX_FOLLOW_MS, or by the pod.
      idleTimeoutMs: query.follow ? 0 : 60_000,
    });
    // A refusal (no previous container, no such container) comes at once and becomes a problem. A followed log with
    // nothing to send yet may hold its headers back until its first line: the client gets its stream meanwhile.
    const early = await Promise.race([
      pending.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HEADERS_WAIT_MS).unref()),
    ]);
    if (early) {
      release();
      throw logProblem(`Pod ${namespace}/${name}`, early.error);
    }
    let upstream: IncomingMessage | undefined;
    const finish = () => {
      clearTimeout(deadline);
      release();
      abort.abort();
      upstream?.destroy();
    };
    const deadline = setTimeout(finish, MAX_FOLLOW_MS);
    deadline.unref();
    c.req.raw.signal?.addEventListener('abort', finish, { once: true });
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        const close = () => {
          finish();
          try {
            stream.close();
          } catch {
            // Already closed or cancelled by the client.
          }
        };
        pending.then(
          (response) => {
            upstream = response;
            response.on('data', (chunk: Buffer) => {
              stream.enqueue(new Uint8Array(chunk));
              if ((stream.desiredSize ?? 1) <= 0) response.pause();
            });
            response.on('end', close);
            response.on('close', close);
            response.on('error', close);
          },
          (error: unknown) => {
            // Too late for a status: the stream says why it ends.
            const problem = logProblem(`Pod ${namespace}/${name}`, error);
            const message = problem instanceof Error ? problem.message : String(problem);
            if (!abort.signal.aborted) stream.enqueue(new TextEncoder().encode(`error: ${message}\n`));
            close();
          },
        );
      },
      pull() {
        upstream?.resume();
      },
      cancel() {
        finish();
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  };
}

/** The container to read: the one asked for (it must be the pod's), else the only one. */
function chooseContainer(pod: PodLike, asked: string | undefined): string {
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  const regular = (pod.spec?.containers ?? []).map((c) => c.name);
  if (asked !== undefined) {
    if (names.includes(asked)) return asked;
    throw new ApiProblem(400, 'bad-request', `container: ${pod.metadata.name} has no container ${asked}`, {
      errors: [{ field: 'container', message: `must be one of ${names.join(', ')}`, value: asked }],
    });
  }
  if (regular.length === 1) return regular[0]!;
  throw new ApiProblem(400, 'bad-request', `container: ${pod.metadata.name} has several; name one`, {
    errors: [{ field: 'container', message: `must be one of ${names.join(', ')}` }],
  });
}

/** Who holds the streams: the remote address behind the socket (`local` for in-process requests). */
function clientOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/** The API server's refusal (no previous container, a container not started yet) as the client's problem. */
function logProblem(what: string, error: unknown): unknown {
  const failure = toKubeApiError(what, error);
  if (failure.status === 400 || failure.status === 404)
    return new ApiProblem(
      failure.status,
      failure.status === 404 ? 'not-found' : 'bad-request',
      `${what}: ${failure.apiMessage}`,
    );
  return failure;
}
