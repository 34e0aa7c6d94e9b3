import { BATTERY_LABEL } from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { PassSummary } from '../store/types.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import { idParam, readQuery } from './request.js';
import { summarizeTriggers } from './trigger-summary.js';
import {
  passesQuery,
  type passDetail,
  type passPage,
  type passRequested,
  type passSummary,
} from './schemas.js';

/** Earlier passes scanned for the previous versions of a pass's objects. */
const PREVIOUS_SCAN_PASSES = 300;
/** Objects still without a previous version after the scan that are looked up one by one. */
const PREVIOUS_LOOKUPS = 100;

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
    } satisfies z.input<typeof passPage>);
  });

  app.post('/passes', (c) => {
    requestPass('api');
    return c.json({ requested: true } satisfies z.input<typeof passRequested>, 202);
  });

  app.get('/passes/:id', async (c) => {
    const id = idParam(c, 'id');
    const pass = await store.getPass(id);
    if (!pass) throw new ApiProblem(404, 'not-found', `pass ${id} was never recorded or has been reaped`);
    const inventory = new Map((await store.getInventory()).map((entry) => [entry.ref, entry.battery]));
    // The newest earlier version of each object, so the console can diff what this pass changed. A create has
    // nothing before it worth looking for.
    const previous = await previousDocuments(
      id,
      pass.objects.filter((object) => object.action !== 'create').map((object) => object.ref),
    );
    const objects = await Promise.all(
      pass.objects.map(async (object) => {
        const previousDocumentHash = previous.get(object.ref);
        // Pruned objects have left the inventory: their battery is on the last document recorded for them.
        const battery = inventory.get(object.ref) ?? (await batteryOfDocument(previousDocumentHash));
        return {
          ...object,
          ...(battery ? { battery } : {}),
          ...(previousDocumentHash ? { previousDocumentHash } : {}),
        };
      }),
    );
    const body: z.input<typeof passDetail> = { ...passSummaryView(pass), objects };
    return c.json(body);
  });
  return app;

  /**
   * The newest document recorded before pass `id` for each of `refs`. Walks the earlier passes newest first, one
   * query per pass that changed anything (no-op passes are skipped by their counts), so a pass that updated
   * thousands of objects costs a few queries rather than one per object; refs still open after
   * `PREVIOUS_SCAN_PASSES` passes are looked up one by one, up to `PREVIOUS_LOOKUPS`.
   */
  async function previousDocuments(id: number, refs: readonly string[]): Promise<Map<string, string>> {
    const open = new Set(refs);
    const found = new Map<string, string>();
    let before: number | undefined = id;
    for (let scanned = 0; open.size > 0 && before !== undefined && scanned < PREVIOUS_SCAN_PASSES;) {
      const page = await store.listPasses({ before, limit: 100 });
      for (const summary of page.passes) {
        scanned++;
        const { unchanged: _unchanged, ...changed } = summary.counts;
        if (Object.values(changed).every((count) => count === 0)) continue;
        for (const object of (await store.getPass(summary.id))?.objects ?? []) {
          if (!open.has(object.ref) || !object.documentHash) continue;
          found.set(object.ref, object.documentHash);
          open.delete(object.ref);
        }
        if (open.size === 0) break;
      }
      before = page.nextBefore;
    }
    if (before !== undefined && open.size > 0 && open.size <= PREVIOUS_LOOKUPS) {
      for (const ref of open) {
        const version = (await store.documentHistory(ref)).find((v) => v.passId < id && v.documentHash);
        if (version?.documentHash) found.set(ref, version.documentHash);
      }
    }
    return found;
  }

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
    triggerSummary: summarizeTriggers(pass.trigger),
    status: pass.status,
    inputsHash: pass.inputsHash,
    manifestHash: pass.manifestHash,
    snapshotHash: pass.snapshotHash,
    counts: pass.counts,
    ...(pass.error ? { error: pass.error } : {}),
  };
}
