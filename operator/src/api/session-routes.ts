import { Hono } from 'hono';

import type { z } from 'zod';
import type { sessionResponse } from './schemas.js';

/**
 * `GET /session`: who is calling — name, role (`admin` or `viewer`) and how they signed in (an API token or a
 * Keycloak session) — so the console can show the user and a read-only view to a viewer instead of buttons that would
 * answer 403.
 */
export function sessionRoutes(): Hono {
  const app = new Hono();
  app.get('/session', (c) => {
    const { name, role, via } = c.get('principal');
    return c.json({ name, role, via } satisfies z.input<typeof sessionResponse>);
  });
  return app;
}
