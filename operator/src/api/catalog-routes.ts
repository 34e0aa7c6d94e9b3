import { BATTERY_GROUPS, CATALOG, installOrder, type BatteryDefinition } from '@batteries-included/batteries';
import { crdKind, crdPlural, schemaToOpenApi } from '@batteries-included/crds';
import { Hono } from 'hono';
import type { z } from 'zod';
import type { ApiOptions } from './api-options.js';
import type { catalogBattery, catalogResponse } from './schemas.js';

type CatalogBattery = z.input<typeof catalogBattery>;

/** The static half of a catalog entry, built once: the schema conversion is the same one the CRDs use. */
let cached: Omit<CatalogBattery, 'installed'>[] | undefined;

/**
 * `GET /catalog`: every battery type with its group, description, dependencies (and the full install order),
 * the OpenAPI schema of its spec exactly as in its CRD (for forms), its defaults, and whether it is installed.
 */
export function catalogRoutes({ view }: Pick<ApiOptions, 'view'>): Hono {
  const app = new Hono();
  app.get('/catalog', (c) => {
    cached ??= CATALOG.map(catalogEntry);
    const installed = new Set(view.batteries().map((battery) => battery.metadata.name));
    const body: z.input<typeof catalogResponse> = {
      groups: BATTERY_GROUPS.map((id) => ({
        id,
        batteries: CATALOG.filter((battery) => battery.group === id).map((battery) => battery.type),
      })),
      batteries: cached.map((entry) => ({ ...entry, installed: installed.has(entry.type) })),
    };
    return c.json(body);
  });
  return app;
}

function catalogEntry(battery: BatteryDefinition): Omit<CatalogBattery, 'installed'> {
  const defaults = battery.schema.safeParse({});
  return {
    type: battery.type,
    name: battery.name,
    group: battery.group,
    description: battery.description,
    kind: crdKind(battery.type),
    plural: crdPlural(battery.type),
    shortName: battery.shortName,
    dependencies: [...battery.dependencies],
    installOrder: installOrder([battery.type]),
    integrations: [...battery.integrations],
    uninstallable: battery.uninstallable,
    immutableFields: [...(battery.immutableFields ?? [])],
    schema: schemaToOpenApi(battery.schema),
    resourcePresets: { ...battery.resourcePresets },
    defaults: defaults.success ? (defaults.data as Record<string, unknown>) : null,
  };
}
