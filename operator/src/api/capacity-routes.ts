import type { KubeConfig } from '@kubernetes/client-node';
import { Hono } from 'hono';
import type { z } from 'zod';
import { readNodeCapacity } from './capacity.js';
import type { capacityResponse } from './schemas.js';

type Capacity = z.input<typeof capacityResponse>;

/**
 * `GET /capacity`: every node's allocatable CPU and memory against its pods' requests (pods that have not
 * finished), read from the API server on each request — nodes and pods are not in the operator's cache, which
 * holds only what the platform manages.
 */
export function capacityRoutes({ config }: { config: KubeConfig }): Hono {
  const app = new Hono();
  app.get('/capacity', async (c) => {
    const body: Capacity = { nodes: await readNodeCapacity(config) };
    return c.json(body);
  });
  return app;
}
