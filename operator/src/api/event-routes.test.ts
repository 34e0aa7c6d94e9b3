import { Hono } from 'hono';
import { EventBus } from '../engine/event-bus.js';
import { eventRoutes } from './event-routes.js';
import { StreamTickets } from './stream-tickets.js';

describe('eventRoutes', () => {
  it('closes the stream of a client too far behind instead of buffering without bound', async () => {
    const bus = new EventBus();
    // Behind the bearer middleware in the app; here the caller it would set.
    const app = new Hono()
      .use('*', async (c, next) => {
        c.set('principal', { name: 'api-token', role: 'admin', via: 'token', tokenId: 't' });
        await next();
      })
      .route('/', eventRoutes({ bus }, { tickets: new StreamTickets(), maxBacklog: 2 }));
    const response = await app.request('/events');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain('event: hello');
    for (let index = 0; index < 5; index++) {
      bus.publish({ type: 'pass-started', triggers: [`t${index}`], at: '2026-11-23T12:00:00.000Z' });
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text.match(/event: pass-started/g)?.length ?? 0).toBeLessThanOrEqual(2);
    expect(text).not.toContain('"t4"');
  });
});
