import {
  findBattery,
  reverseDependents,
  uninstallOrder,
  type KubeObject,
} from '@batteries-included/batteries';
import { Hono } from 'hono';
import type { z } from 'zod';
import { createDiscovery } from '../kube/discovery.js';
import { KubeApiError } from '../kube/errors.js';
import type { ApiOptions } from './api-options.js';
import { createBatteryWriter, hasOtherSpecOwners } from './battery-writer.js';
import { batteryViewOf, installedBatteries } from './battery-view.js';
import { ApiProblem } from './problem.js';
import { readBody } from './request.js';
import {
  putBatteryBody,
  type batteryDetail,
  type batteryList,
  type deleteBatteryResponse,
  type putBatteryResponse,
} from './schemas.js';
import { assertValid, requireBattery, specErrors, writeProblem } from './spec-validation.js';

/**
 * Battery objects: list (from the operator's cache), get (fresh from the API server, with dependents and spec
 * history), install or update (`PUT`: zod schema, then a server-side dry-run, then server-side apply — or an update
 * replacing the whole spec when other managers own spec fields), and
 * uninstall (`DELETE`: refused while dependents are installed unless `cascade=true`; every delete dry-run first).
 */
export function batteryRoutes(options: ApiOptions): Hono {
  const { store, view, config } = options;
  const writer = createBatteryWriter(config, options.discovery ?? createDiscovery(config));
  const installedTypes = () =>
    installedBatteries(view.batteries())
      .filter((battery) => !battery.metadata.deletionTimestamp)
      .map((battery) => battery.metadata.name);
  const requireInstalled = async (type: string): Promise<KubeObject> => {
    requireBattery(type);
    const battery = await writer.get(type);
    if (!battery) throw new ApiProblem(404, 'not-installed', `${type} is not installed`, { battery: type });
    return battery;
  };

  const app = new Hono();
  app.get('/batteries', (c) =>
    c.json({
      batteries: installedBatteries(view.batteries()).map(batteryViewOf),
    } satisfies z.input<typeof batteryList>),
  );

  app.get('/batteries/:type', async (c) => {
    const type = c.req.param('type');
    const battery = await requireInstalled(type);
    const installed = installedTypes();
    const body: z.input<typeof batteryDetail> = {
      ...batteryViewOf(battery),
      dependents: reverseDependents(type, installed),
      missingDependencies: requireBattery(type).dependencies.filter((dep) => !installed.includes(dep)),
      history: (await store.batteryHistory(type)).map((entry) => ({
        id: entry.id,
        ...(entry.generation === undefined ? {} : { generation: entry.generation }),
        ...(entry.specHash ? { specHash: entry.specHash } : {}),
        ...(entry.fieldManager ? { fieldManager: entry.fieldManager } : {}),
        changedAt: entry.changedAt.toISOString(),
        ...(entry.passId === undefined ? {} : { passId: entry.passId }),
      })),
    };
    return c.json(body);
  });

  app.put('/batteries/:type', async (c) => {
    const type = c.req.param('type');
    const definition = requireBattery(type);
    const body = await readBody(c, putBatteryBody);
    assertValid(specErrors(definition, body.spec), type);
    // Validate on the server first (CRD schema, CEL rules such as grow-only sizes), then write: nothing half-applied.
    const putOnce = async () => {
      const existing = await writer.get(type);
      if (existing?.metadata.deletionTimestamp) {
        throw new ApiProblem(
          409,
          'being-deleted',
          `${type} is being deleted; install it again once it is gone`,
        );
      }
      const generation = existing?.metadata.generation;
      if (body.generation !== undefined && generation !== body.generation) {
        throw new ApiProblem(
          409,
          'stale-resource-version',
          `${type}: the spec changed since generation ${body.generation} (now ${generation ?? 'not installed'}); read it again and retry`,
        );
      }
      // A generation guard holds from the read above to the write: that read's resourceVersion guards the write.
      const resourceVersion =
        body.resourceVersion ??
        (body.generation === undefined ? undefined : existing?.metadata.resourceVersion);
      const request = { resourceVersion: resourceVersion as string | undefined };
      // The spec replaces the old one: server-side apply removes the fields the API set before and leaves out now,
      // but keeps fields other managers own (kubectl, GitOps), so then the whole spec is replaced by an update.
      const write = (dryRun: boolean) =>
        existing && hasOtherSpecOwners(existing)
          ? writer.replace(existing, body.spec, { ...request, dryRun })
          : writer.apply(type, body.spec, { ...request, dryRun });
      const validated = await write(true);
      return { existing, written: body.dryRun ? validated : await write(false) };
    };
    try {
      // A replace is guarded by the version read; a status write in between is no reason to fail a client that
      // did not ask for a guard, so that case reads again once.
      const { existing, written } = await putOnce().catch((error: unknown) => {
        if (body.resourceVersion || !(error instanceof KubeApiError) || error.status !== 409) throw error;
        return putOnce();
      });
      const installed = installedTypes();
      const missingDependencies = definition.dependencies.filter(
        (dependency) => !installed.includes(dependency),
      );
      return c.json(
        {
          ...batteryViewOf(written),
          isDryRun: body.dryRun,
          missingDependencies,
        } satisfies z.input<typeof putBatteryResponse>,
        existing ? 200 : 201,
      );
    } catch (error) {
      throw writeProblem(type, error, body.spec);
    }
  });

  app.delete('/batteries/:type', async (c) => {
    const type = c.req.param('type');
    const definition = requireBattery(type);
    const cascade = c.req.query('cascade') === 'true';
    const isDryRun = c.req.query('dryRun') === 'true';
    await requireInstalled(type);
    if (!definition.uninstallable) {
      throw new ApiProblem(409, 'not-uninstallable', `${type} cannot be uninstalled: the platform needs it`);
    }
    const dependents = reverseDependents(type, installedTypes());
    if (dependents.length > 0 && !cascade) {
      throw new ApiProblem(
        409,
        'dependents-installed',
        `${type} cannot be uninstalled while ${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on it; uninstall ${dependents.length === 1 ? 'it' : 'them'} first or pass cascade=true`,
        { dependents },
      );
    }
    const blocked = dependents.filter((dependent) => !findBattery(dependent)?.uninstallable);
    if (blocked.length > 0) {
      throw new ApiProblem(409, 'not-uninstallable', `${blocked.join(', ')} cannot be uninstalled`);
    }
    // Dependents first; every delete dry-run on the server before any is made.
    const order = uninstallOrder([type, ...dependents]);
    const objects = (await Promise.all(order.map((t) => writer.get(t)))).filter(
      (battery): battery is KubeObject => battery !== undefined,
    );
    try {
      for (const battery of objects) await writer.delete(battery, { dryRun: true });
      if (!isDryRun) for (const battery of objects) await writer.delete(battery, { dryRun: false });
    } catch (error) {
      throw writeProblem(type, error);
    }
    const body: z.input<typeof deleteBatteryResponse> = {
      deleted: objects.map((battery) => battery.metadata.name),
      isDryRun,
    };
    return c.json(body);
  });
  return app;
}
