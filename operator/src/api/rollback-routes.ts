import { Hono } from 'hono';
import type { z } from 'zod';
import { createDiscovery } from '../kube/discovery.js';
import { formatRollbackPreview } from '../rollback/format-rollback-preview.js';
import { previewRollback } from '../rollback/preview-rollback.js';
import { restoreRollback } from '../rollback/restore-rollback.js';
import { createRollbackClient } from '../rollback/rollback-client.js';
import type { ApiOptions } from './api-options.js';
import { planViewOf } from './plan-view.js';
import { idParam, readBody } from './request.js';
import { rollbackBody, type rollbackPreviewResponse, type rollbackResult } from './schemas.js';
import { requireBattery } from './spec-validation.js';

/**
 * Rollback to a recorded pass: a preview (per battery and, by ref, per object; never object bodies) and the
 * restore itself, which writes the Battery specs back after a server-side dry-run of every write and then asks
 * for a pass.
 */
export function rollbackRoutes(options: ApiOptions): Hono {
  const { store, view, config, requestPass, keepPasses } = options;
  const client = createRollbackClient(config, options.discovery ?? createDiscovery(config));
  const app = new Hono();

  app.get('/rollback/:passId/preview', async (c) => {
    const passId = idParam(c, 'passId');
    const batteries = c.req.query('batteries')?.split(',').filter(Boolean);
    batteries?.forEach(requireBattery);
    const preview = await previewRollback(
      store,
      passId,
      { batteries: view.batteries(), live: view.live(), instances: view.instances?.() ?? [] },
      { ...(batteries ? { batteries } : {}), cascade: c.req.query('cascade') === 'true', keepPasses },
    );
    const { plan, ...objects } = preview.objects;
    const body: z.input<typeof rollbackPreviewResponse> = {
      pass: { ...preview.pass, startedAt: preview.pass.startedAt.toISOString() },
      batteries: preview.batteries,
      problems: preview.problems,
      objects: { ...objects, ...planViewOf(plan) },
      text: formatRollbackPreview(preview),
    };
    return c.json(body);
  });

  app.post('/rollback/:passId', async (c) => {
    const passId = idParam(c, 'passId');
    const body = await readBody(c, rollbackBody);
    body.batteries?.forEach(requireBattery);
    const result = await restoreRollback(store, client, passId, {
      ...(body.batteries ? { batteries: body.batteries } : {}),
      cascade: body.cascade,
      dryRun: body.dryRun,
      keepPasses,
    });
    if (!result.isDryRun) requestPass(`rollback:${passId}`);
    return c.json(result satisfies z.input<typeof rollbackResult>);
  });
  return app;
}
