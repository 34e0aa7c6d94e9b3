import { Hono } from 'hono';
import type { z } from 'zod';
import { readinessOf } from '../engine/decide/readiness.js';
import { diffSpecs } from '../rollback/spec-diff.js';
import type { StoredDocument } from '../store/types.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import type { documentDiff, liveObject, objectHistory, objectsResponse, storedDocument } from './schemas.js';

type ManagedObject = z.input<typeof objectsResponse>['objects'][number];

/**
 * Managed objects (the inventory with live readiness from the cache), one object's hash history, stored documents
 * and a field-level diff between any two of them. Documents are stored redacted: Secret values are digests.
 */
export function objectRoutes({ store, view }: Pick<ApiOptions, 'store' | 'view'>): Hono {
  const app = new Hono();
  app.get('/objects', async (c) => {
    const battery = c.req.query('battery');
    const live = view.live();
    const objects: ManagedObject[] = (await store.getInventory())
      .filter((entry) => !battery || entry.battery === battery)
      .map((entry) => {
        const object = live.get(entry.ref);
        const readiness = object
          ? readinessOf(object)
          : { isReady: false as const, reason: 'not in the cluster' };
        return {
          ref: entry.ref,
          battery: entry.battery,
          apiVersion: entry.apiVersion,
          kind: entry.kind,
          ...(entry.namespace ? { namespace: entry.namespace } : {}),
          name: entry.name,
          hash: entry.hash,
          documentHash: entry.documentHash,
          ...(entry.passId === undefined ? {} : { passId: entry.passId }),
          isLive: object !== undefined,
          isReady: readiness.isReady,
          ...(readiness.isReady ? {} : { reason: readiness.reason }),
        };
      });
    const ready = objects.filter((o) => o.isReady).length;
    const missing = objects.filter((o) => !o.isLive).length;
    return c.json({
      objects,
      counts: { total: objects.length, ready, notReady: objects.length - ready - missing, missing },
    } satisfies z.input<typeof objectsResponse>);
  });

  app.get('/objects/live', (c) => {
    const ref = c.req.query('ref');
    if (!ref) throw missingParameter('ref', 'an object ref, e.g. StatefulSet.apps/battery-data/redis');
    const live = view.live().get(ref);
    if (!live)
      throw new ApiProblem(
        404,
        'not-found',
        `${ref} is not in the cluster (as the operator's cache sees it)`,
      );
    // Secret values never leave: the same keyed digests the store keeps. managedFields are noise for a reader.
    const { managedFields: _managedFields, ...metadata } = live.metadata;
    const object = store.redactor.redactObject({ ...live, metadata });
    const readiness = readinessOf(live);
    return c.json({
      ref,
      object,
      isReady: readiness.isReady,
      ...(readiness.isReady ? {} : { reason: readiness.reason }),
    } satisfies z.input<typeof liveObject>);
  });

  app.get('/objects/history', async (c) => {
    const ref = c.req.query('ref');
    if (!ref) throw missingParameter('ref', 'an object ref, e.g. StatefulSet.apps/battery-data/redis');
    const versions = await store.documentHistory(ref);
    return c.json({
      ref,
      versions: versions.map((version) => ({ ...version, startedAt: version.startedAt.toISOString() })),
    } satisfies z.input<typeof objectHistory>);
  });

  app.get('/documents/diff', async (c) => {
    const from = await requireDocument(c.req.query('from'), 'from');
    const to = await requireDocument(c.req.query('to'), 'to');
    const changes = diffSpecs(from.body, to.body, '').map(rooted);
    return c.json({ from, to, changes } satisfies z.input<typeof documentDiff>);
  });

  app.get('/documents/:hash', async (c) =>
    c.json((await requireDocument(c.req.param('hash'), 'hash')) satisfies z.input<typeof storedDocument>),
  );

  async function requireDocument(hash: string | undefined, name: string): Promise<StoredDocument> {
    if (!hash) throw missingParameter(name, 'a document hash');
    const document = await store.getDocument(hash);
    if (!document) throw new ApiProblem(404, 'not-found', `no stored document ${hash} (${name})`);
    return document;
  }
  return app;
}

/** `diffSpecs` paths from the root start with a dot (`.spec.replicas`); the API writes `spec.replicas`. */
function rooted<T extends { path: string }>(change: T): T {
  return { ...change, path: change.path.replace(/^\./, '') || '(root)' };
}

function missingParameter(name: string, what: string): ApiProblem {
  return new ApiProblem(400, 'bad-request', `${name}: expected ${what}`, {
    errors: [{ field: name, message: `required: ${what}` }],
  });
}
