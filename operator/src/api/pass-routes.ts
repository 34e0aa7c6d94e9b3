import { BATTERY_LABEL } from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { PassSummary } from '../store/types.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import { idParam, readQuery } from './request.js';
import { passesQuery, type passDetail, type passSummary } from './schemas.js';

/**
 * Passes: a keyset-paged list with a status filter, one pass with its per-object action, result, duration and
 * message (and each object's previous document, for a diff), and `POST /passes` to ask for a pass now.
 */
export function passRoutes({ store, requestPass }: Pick<ApiOptions, 'store' | 'requestPass'>): Hono {
  const app = new Hono();
  app.get('/passes', async (c) => {
    const query = readQuery(c, passesQuery);
    if (query.limit !== undefined && (query.limit < 1 || query.limit > 500)) {
      throw new ApiProblem(
        400,
        'bad-request',
        `limit: expected a whole number from 1 to 500, got ${query.limit}`,
        {
          errors: [{ field: 'limit', message: 'expected a whole number from 1 to 500', value: query.limit }],
        },
      );
    }
    const page = await store.listPasses(query);
    return c.json({
      passes: page.passes.map(passSummaryView),
      ...(page.nextBefore === undefined ? {} : { nextBefore: page.nextBefore }),
    });
  });

  app.post('/passes', (c) => {
    requestPass('api');
    return c.json({ requested: true }, 202);
  });

  app.get('/passes/:id', async (c) => {
    const id = idParam(c, 'id');
    const pass = await store.getPass(id);
    if (!pass) throw new ApiProblem(404, 'not-found', `pass ${id} was never recorded or has been reaped`);
    const inventory = new Map((await store.getInventory()).map((entry) => [entry.ref, entry.battery]));
    const objects = await Promise.all(
      pass.objects.map(async (object) => {
        // The newest earlier version of the object, so the console can diff what this pass changed.
        const previous = (await store.documentHistory(object.ref)).find(
          (version) => version.passId < id && version.documentHash,
        );
        // Pruned objects have left the inventory: their battery is on the last document recorded for them.
        const battery = inventory.get(object.ref) ?? (await batteryOfDocument(previous?.documentHash));
        return {
          ...object,
          ...(battery ? { battery } : {}),
          ...(previous?.documentHash ? { previousDocumentHash: previous.documentHash } : {}),
        };
      }),
    );
    const body: z.input<typeof passDetail> = { ...passSummaryView(pass), objects };
    return c.json(body);
  });
  return app;

  async function batteryOfDocument(hash: string | undefined): Promise<string | undefined> {
    const body = hash ? (await store.getDocument(hash))?.body : undefined;
    const labels = (body as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels;
    return labels?.[BATTERY_LABEL];
  }
}

/** A pass summary with ISO times and its duration. */
export function passSummaryView(pass: PassSummary): z.input<typeof passSummary> {
  return {
    id: pass.id,
    startedAt: pass.startedAt.toISOString(),
    finishedAt: pass.finishedAt.toISOString(),
    durationMs: pass.finishedAt.getTime() - pass.startedAt.getTime(),
    trigger: pass.trigger,
    status: pass.status,
    inputsHash: pass.inputsHash,
    manifestHash: pass.manifestHash,
    snapshotHash: pass.snapshotHash,
    counts: pass.counts,
    ...(pass.error ? { error: pass.error } : {}),
  };
}
