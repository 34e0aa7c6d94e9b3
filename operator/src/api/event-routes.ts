import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { OperatorEvent } from '../engine/event-bus.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import type { TokenRoles } from './auth.js';
import type { StreamTickets } from './stream-tickets.js';

/** Events queued for one slow client before its stream is closed. */
const MAX_BACKLOG = 1000;
/** Event streams one token may hold open at once (a console tab holds one). */
export const MAX_STREAMS_PER_TOKEN = 8;

export interface EventRouteOptions {
  /** Mints the tickets `/events?ticket=` takes (the bearer middleware redeems them). */
  tickets: StreamTickets;
  /** Re-checked at every keep-alive: a stream whose token was rotated away ends. @default never re-checked */
  roles?: TokenRoles;
  /** @default MAX_STREAMS_PER_TOKEN */
  maxStreamsPerToken?: number;
  /** @default MAX_BACKLOG */
  maxBacklog?: number;
}

/**
 * `POST /events/tickets`: a single-use ticket for the stream, valid 30 s (see StreamTickets).
 * `GET /events`: server-sent events of pass progress and Battery status, straight from the operator's event bus
 * (`event:` is the event's type, `data:` its JSON). A `hello` on connect, and a keep-alive comment every
 * `keepAliveMs` so proxies keep the stream open; at each, a stream whose token was rotated away gets `end` and is
 * closed. No history: clients read the lists on (re)connect. A client more than `maxBacklog` events behind is
 * disconnected; a token holding `maxStreamsPerToken` streams gets 429 `too-many-streams` for one more.
 */
export function eventRoutes(
  { bus, keepAliveMs = 15_000 }: Pick<ApiOptions, 'bus' | 'keepAliveMs'>,
  { tickets, roles, maxStreamsPerToken = MAX_STREAMS_PER_TOKEN, maxBacklog = MAX_BACKLOG }: EventRouteOptions,
): Hono {
  const app = new Hono();
  const open = new Map<string, number>();
  app.post('/events/tickets', (c) => {
    const { name, role, via, tokenId } = c.get('principal');
    const minted = tickets.mint({ name, role, via, tokenId });
    if (!minted) {
      c.header('Retry-After', '30');
      throw new ApiProblem(429, 'too-many-streams', 'too many stream tickets outstanding; retry in 30 s');
    }
    c.header('cache-control', 'no-store');
    return c.json(minted, 201);
  });
  app.get('/events', (c) => {
    const { tokenId, via } = c.get('principal');
    const count = open.get(tokenId) ?? 0;
    if (count >= maxStreamsPerToken) {
      c.header('Retry-After', '10');
      throw new ApiProblem(
        429,
        'too-many-streams',
        `this token already holds ${count} event streams, the most one token may hold open; close one (a console tab) and retry`,
        { limit: maxStreamsPerToken },
      );
    }
    open.set(tokenId, count + 1);
    const release = () => {
      const left = (open.get(tokenId) ?? 1) - 1;
      if (left > 0) open.set(tokenId, left);
      else open.delete(tokenId);
    };
    return streamSSE(c, async (stream) => {
      const queue: OperatorEvent[] = [];
      let wake: (() => void) | undefined;
      let isOpen = true;
      const unsubscribe = bus.subscribe((event) => {
        // A client that cannot keep up is dropped rather than buffered without bound; it reconnects and re-reads.
        if (queue.length >= maxBacklog) isOpen = false;
        else queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        isOpen = false;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ at: new Date().toISOString() }) });
        while (isOpen) {
          const event = queue.shift();
          if (event) {
            await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
            continue;
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), keepAliveMs);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = undefined;
          if (!timedOut || !isOpen) continue;
          // A rotated API token ends its streams too, not only its next requests.
          if (via === 'token' && roles && !(await roles.roleOfId(tokenId))) {
            await stream.writeSSE({ event: 'end', data: JSON.stringify({ reason: 'token-rotated' }) });
            break;
          }
          await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
        release();
      }
    });
  });
  return app;
}
