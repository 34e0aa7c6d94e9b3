import { Hono } from 'hono';

/**
 * `GET /session`: the role of the presented token (`admin` or `viewer`), so the console can show a read-only view
 * to a viewer instead of buttons that would answer 403.
 */
export function sessionRoutes(): Hono {
  const app = new Hono();
  app.get('/session', (c) => c.json({ role: c.get('caller').role }));
  return app;
}
