import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { OperatorEvent } from '../engine/event-bus.js';
import type { ApiOptions } from './api-options.js';

/** Events queued for one slow client before its stream is closed. */
const MAX_BACKLOG = 1000;

/**
 * `GET /events`: server-sent events of pass progress and Battery status, straight from the operator's event bus
 * (`event:` is the event's type, `data:` its JSON). A `hello` on connect, and a keep-alive comment every
 * `keepAliveMs` so proxies keep the stream open. No history: clients read the lists on (re)connect. A client more
 * than `maxBacklog` events behind is disconnected.
 */
export function eventRoutes(
  { bus, keepAliveMs = 15_000 }: Pick<ApiOptions, 'bus' | 'keepAliveMs'>,
  maxBacklog = MAX_BACKLOG,
): Hono {
  const app = new Hono();
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
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
          if (timedOut && isOpen) await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    }),
  );
  return app;
}
