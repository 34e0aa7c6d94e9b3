import { INSTANCE_KINDS } from '@batteries-included/batteries';
import { instanceCrd } from '@batteries-included/crds';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { createDiscovery } from '../kube/discovery.js';
import { KubeApiError } from '../kube/errors.js';
import type { ApiOptions } from './api-options.js';
import { hasOtherSpecOwners } from './battery-writer.js';
import { createInstanceWriter, type InstanceTarget } from './instance-writer.js';
import { instanceViewOf, requireInstanceKind, sortedInstances } from './instance-view.js';
import { ApiProblem } from './problem.js';
import { readBody } from './request.js';
import {
  createInstanceBody,
  putInstanceBody,
  type deleteInstanceResponse,
  type instanceKindsResponse,
  type instanceList,
  type putInstanceResponse,
} from './schemas.js';
import { assertValid, specErrors, writeProblem } from './spec-validation.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Instance objects (TraditionalService, KnativeService, PostgresCluster, …) by kind plural:
 * - `GET /instances`: the kinds, each with its spec schema (as in its CRD) for forms;
 * - `GET /instances/:plural[?namespace=]`: the instances of a kind, from the operator's cache;
 * - `GET /instances/:plural/:namespace/:name`: one, fresh from the API server;
 * - `POST /instances/:plural/:namespace` `{name, spec}`: create (409 `already-exists` when taken);
 * - `PUT /instances/:plural/:namespace/:name` `{spec, resourceVersion?}`: replace the spec (404 when missing, 409 when
 *   the resourceVersion moved);
 * - `DELETE /instances/:plural/:namespace/:name[?dryRun=true]`.
 * Every write is checked by the kind's zod schema (422 naming `spec.<field>`), then by a server-side dry-run (CRD
 * schema and CEL rules: grow-only volumes, duplicate names; 422 naming the field the API server named), then made.
 */
export function instanceRoutes(options: ApiOptions): Hono {
  const { view, config } = options;
  const writer = createInstanceWriter(config, options.discovery ?? createDiscovery(config));
  const app = new Hono();

  app.get('/instances', (c) => {
    const installed = new Set(view.batteries().map((battery) => battery.metadata.name));
    const body: z.input<typeof instanceKindsResponse> = {
      kinds: INSTANCE_KINDS.map((definition) => ({
        kind: definition.kind,
        plural: definition.plural,
        shortNames: [...definition.shortNames],
        battery: definition.battery,
        description: definition.description,
        schema: instanceCrd(definition).spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!,
        installed: installed.has(definition.battery),
      })),
    };
    return c.json(body);
  });

  app.get('/instances/:plural', (c) => {
    const definition = requireInstanceKind(c.req.param('plural'));
    const namespace = c.req.query('namespace');
    const objects = (view.instances?.() ?? []).filter(
      (object) =>
        object.kind === definition.kind &&
        (namespace === undefined || object.metadata.namespace === namespace),
    );
    return c.json({ instances: sortedInstances(objects).map(instanceViewOf) } satisfies z.input<
      typeof instanceList
    >);
  });

  app.get('/instances/:plural/:namespace/:name', async (c) => {
    const existing = await writer.get(targetOf(c));
    if (!existing) throw notFound(targetOf(c));
    return c.json(instanceViewOf(existing));
  });

  app.post('/instances/:plural/:namespace', async (c) => {
    const { definition, namespace } = targetOf(c, '');
    const body = await readBody(c, createInstanceBody);
    if (!DNS_LABEL.test(body.name) || !/^[a-z]/.test(body.name))
      throw new ApiProblem(
        422,
        'invalid-spec',
        `${definition.kind} ${namespace}/${body.name}: invalid name`,
        {
          errors: [
            {
              field: 'name',
              message:
                'must be a DNS label: lower-case letters, digits and -, starting with a letter, at most 63',
              value: body.name,
            },
          ],
        },
      );
    const target = { definition, namespace, name: body.name };
    const what = `${definition.kind} ${namespace}/${body.name}`;
    assertValid(specErrors(definition, body.spec), what);
    if (await writer.get(target))
      throw new ApiProblem(409, 'already-exists', `${what} already exists; update it with PUT instead`);
    try {
      // Validated on the server before anything is written: nothing half-applied.
      const validated = await writer.apply(target, body.spec, { dryRun: true });
      const written = body.dryRun ? validated : await writer.apply(target, body.spec, { dryRun: false });
      return c.json(
        { ...instanceViewOf(written), isDryRun: body.dryRun } satisfies z.input<typeof putInstanceResponse>,
        201,
      );
    } catch (error) {
      throw instanceWriteProblem(what, error, body.spec);
    }
  });

  app.put('/instances/:plural/:namespace/:name', async (c) => {
    const target = targetOf(c);
    const what = `${target.definition.kind} ${target.namespace}/${target.name}`;
    const body = await readBody(c, putInstanceBody);
    assertValid(specErrors(target.definition, body.spec), what);
    const existing = await writer.get(target);
    if (!existing) throw notFound(target);
    if (existing.metadata.deletionTimestamp)
      throw new ApiProblem(409, 'being-deleted', `${what} is being deleted; create it again once it is gone`);
    const request = { resourceVersion: body.resourceVersion };
    // Server-side apply keeps spec fields other managers own (kubectl, GitOps): then the whole spec is replaced.
    const write = (dryRun: boolean) =>
      hasOtherSpecOwners(existing) || body.resourceVersion
        ? writer.replace(existing, body.spec, { ...request, dryRun })
        : writer.apply(target, body.spec, { dryRun });
    try {
      const validated = await write(true);
      const written = body.dryRun ? validated : await write(false);
      return c.json({ ...instanceViewOf(written), isDryRun: body.dryRun } satisfies z.input<
        typeof putInstanceResponse
      >);
    } catch (error) {
      throw instanceWriteProblem(what, error, body.spec);
    }
  });

  app.delete('/instances/:plural/:namespace/:name', async (c) => {
    const target = targetOf(c);
    const isDryRun = c.req.query('dryRun') === 'true';
    const existing = await writer.get(target);
    if (!existing) throw notFound(target);
    await writer.delete(existing, { dryRun: true });
    if (!isDryRun) await writer.delete(existing, { dryRun: false });
    return c.json({
      deleted: `${target.definition.kind}/${target.namespace}/${target.name}`,
      isDryRun,
    } satisfies z.input<typeof deleteInstanceResponse>);
  });
  return app;
}

function namespaceParam(c: Context): string {
  const namespace = c.req.param('namespace') ?? '';
  if (!DNS_LABEL.test(namespace))
    throw new ApiProblem(400, 'bad-request', `namespace: must be a namespace name, got "${namespace}"`, {
      errors: [{ field: 'namespace', message: 'must be a namespace name', value: namespace }],
    });
  return namespace;
}

function targetOf(c: Context, name = c.req.param('name') ?? ''): InstanceTarget {
  const definition = requireInstanceKind(c.req.param('plural') ?? '');
  const namespace = namespaceParam(c);
  if (name !== '' && !DNS_LABEL.test(name))
    throw new ApiProblem(400, 'bad-request', `name: must be a DNS label, got "${name}"`, {
      errors: [{ field: 'name', message: 'must be a DNS label', value: name }],
    });
  return { definition, namespace, name };
}

function notFound(target: InstanceTarget): ApiProblem {
  return new ApiProblem(
    404,
    'not-found',
    `${target.definition.kind} ${target.namespace}/${target.name} does not exist`,
  );
}

/** A refused write as a problem: 409 when it changed since it was read, 422 naming the fields the server named. */
function instanceWriteProblem(what: string, error: unknown, spec: unknown): unknown {
  if (error instanceof KubeApiError && error.status === 409)
    return new ApiProblem(
      409,
      'stale-resource-version',
      `${what} changed since it was read (${error.apiMessage}); read it again and retry`,
      {},
      { cause: error },
    );
  // A namespace that does not exist: the client's mistake, named as the API server names it.
  if (error instanceof KubeApiError && error.status === 404)
    return new ApiProblem(404, 'not-found', `${what}: ${error.apiMessage}`, {}, { cause: error });
  return writeProblem(what, error, spec);
}
