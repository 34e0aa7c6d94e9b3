import {
  API_GROUP,
  API_VERSION,
  canonicalJson,
  neededBundles,
  type KubeObject,
} from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import { planDeletions } from '../engine/decide/deletion-hold.js';
import { planPass } from '../engine/decide/plan-pass.js';
import { batterySpecs, PLACEHOLDER_MINT } from '../engine/decide/prepare-snapshot.js';
import { readInventory } from '../engine/inventory.js';
import { formatPlan } from '../engine/plan/index.js';
import { diffSpecs } from '../rollback/spec-diff.js';
import { batteryObject } from '../rollback/rollback-client.js';
import type { ApiOptions } from './api-options.js';
import { installedBatteries } from './battery-view.js';
import { requireInstanceKind } from './instance-view.js';
import { planViewOf } from './plan-view.js';
import { readBody } from './request.js';
import { previewBody, type previewInstanceEntry, type previewResponse } from './schemas.js';
import { assertValid, requireBattery, specErrors } from './spec-validation.js';

type PreviewResponse = z.input<typeof previewResponse>;

/**
 * `POST /preview`: the plan a proposed change would produce — the same `planPass` the operator's pass runs, over
 * the cache's Battery objects with the proposed ones swapped in, the live objects and the recorded inventory.
 * Writes nothing. Every spec is validated first; one invalid spec fails the whole request with every field named.
 */
export function previewRoutes({
  view,
  store,
  bundles,
}: Pick<ApiOptions, 'view' | 'store' | 'bundles'>): Hono {
  const app = new Hono();
  app.post('/preview', async (c) => {
    const { batteries: proposed, instances: proposedInstances } = await readBody(c, previewBody);
    proposed.forEach((entry) => requireBattery(entry.type));
    assertValid(
      [
        ...proposed.flatMap((entry, index) =>
          'spec' in entry
            ? specErrors(requireBattery(entry.type), entry.spec, `batteries[${index}].spec`)
            : [],
        ),
        ...proposedInstances.flatMap((entry, index) =>
          entry.delete
            ? []
            : specErrors(requireInstanceKind(entry.plural), entry.spec ?? {}, `instances[${index}].spec`),
        ),
      ],
      'preview',
    );

    const all = view.batteries();
    const current = new Map(installedBatteries(all).map((b) => [b.metadata.name, b]));
    const proposedObjects: KubeObject[] = [];
    const summary: PreviewResponse['batteries'] = [];
    for (const entry of proposed) {
      const before = current.get(entry.type);
      if ('delete' in entry) {
        // Deleted as `kubectl delete` or the API would: marked, so a battery others depend on is held as in a pass.
        if (before) {
          proposedObjects.push({
            ...before,
            metadata: { ...before.metadata, deletionTimestamp: new Date().toISOString() },
          });
        }
        summary.push({ type: entry.type, action: before ? 'uninstall' : 'unchanged', fields: [] });
        continue;
      }
      // A proposed spec on the object as it is (or a new one); a proposed change is not a deletion.
      const metadata = { ...(before?.metadata ?? { name: entry.type }) } as KubeObject['metadata'];
      delete metadata.deletionTimestamp;
      proposedObjects.push({ ...(before ?? batteryObject(entry.type)), metadata, spec: entry.spec });
      const isSame = before !== undefined && canonicalJson(before.spec ?? {}) === canonicalJson(entry.spec);
      summary.push({
        type: entry.type,
        action: !before ? 'install' : isSame ? 'unchanged' : 'update',
        fields: diffSpecs(before?.spec ?? {}, entry.spec),
      });
    }

    // The same Battery objects the pass would read, with the proposed ones in place of theirs.
    const changed = new Set(proposed.map((entry) => entry.type));
    const batteries = [...all.filter((b) => !changed.has(b.metadata.name)), ...proposedObjects];
    const holds = planDeletions(batteries).held;
    const held = new Set(holds.map((h) => h.battery.metadata.name));
    for (const hold of holds) {
      const entry = summary.find((battery) => battery.type === hold.battery.metadata.name);
      if (entry) entry.heldBy = hold.dependents;
    }
    // The upstream bundles the batteries declare, as the pass's Prepare obtains them (from memory once it has).
    const resolved = bundles
      ? await bundles.resolve(neededBundles(batterySpecs(batteries, held).specs), c.req.raw.signal)
      : undefined;
    const planned = planPass({
      batteries,
      ...(resolved ? { bundles: resolved } : {}),
      live: view.live(),
      inventory: await readInventory(store),
      held,
      mint: PLACEHOLDER_MINT,
      instances: withProposedInstances(view.instances?.() ?? [], proposedInstances),
    });
    const body: PreviewResponse = {
      batteries: summary,
      problems: [...planned.generated.batteries, ...planned.generated.instances].flatMap((result) =>
        result.status === 'generated'
          ? []
          : [{ type: result.type, status: result.status, message: result.message }],
      ),
      plan: planViewOf(planned.changeSet),
      text: formatPlan(planned.changeSet),
    };
    return c.json(body);
  });
  return app;
}

/**
 * The instance objects the pass would read, with the proposed ones in place of theirs (a deleted one left out, a
 * new one added): the preview renders instances as the pass does, so their objects are planned, not pruned.
 */
function withProposedInstances(
  current: readonly KubeObject[],
  proposed: readonly z.output<typeof previewInstanceEntry>[],
): KubeObject[] {
  const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
  const changes = new Map(
    proposed.map((entry) => {
      const kind = requireInstanceKind(entry.plural).kind;
      return [keyOf(kind, entry.namespace, entry.name), { ...entry, kind }] as const;
    }),
  );
  const kept = current.filter(
    (object) => !changes.has(keyOf(object.kind, object.metadata.namespace ?? '', object.metadata.name)),
  );
  const added = [...changes.values()]
    .filter((entry) => !entry.delete)
    .map((entry) => {
      const before = current.find(
        (o) =>
          keyOf(o.kind, o.metadata.namespace ?? '', o.metadata.name) ===
          keyOf(entry.kind, entry.namespace, entry.name),
      );
      return {
        ...(before ?? {
          apiVersion: `${API_GROUP}/${API_VERSION}`,
          kind: entry.kind,
          metadata: { name: entry.name, namespace: entry.namespace },
        }),
        spec: entry.spec ?? {},
      } as KubeObject;
    });
  return [...kept, ...added];
}
