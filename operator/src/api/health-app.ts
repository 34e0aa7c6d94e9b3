import { Hono } from 'hono';
import type { Metrics } from '../observe/metrics.js';

export interface HealthAppOptions {
  /** Ready to serve: the cache has synced and the store answers. */
  isReady: () => boolean | Promise<boolean>;
  metrics: Metrics;
}

/**
 * The open endpoints: `/healthz` (the process is alive), `/readyz` (synced and able to run passes; 503 with a
 * reason otherwise) and `/metrics` (Prometheus text). The authenticated API mounts beside them.
 */
export function createHealthApp({ isReady, metrics }: HealthAppOptions): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', async (c) =>
    (await isReady()) ? c.text('ok') : c.text('not ready: waiting for the cache to sync', 503),
  );
  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
  return app;
}
