import {
  generate,
  INSTANCE_KINDS,
  INSTANCE_KIND_LABEL,
  INSTANCE_LABEL,
  INSTANCE_NAMESPACE_LABEL,
  instanceKey,
  ORPHANED_LABEL,
  type KubeObject,
} from '@batteries-included/batteries';
import { instanceCrd } from '@batteries-included/crds';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { PLACEHOLDER_MINT, prepareSnapshot } from '../engine/decide/prepare-snapshot.js';
import { utf8OfBase64 } from '../engine/plan/base64.js';
import { isDataObject } from '../engine/plan/data-safety.js';
import { createDiscovery } from '../kube/discovery.js';
import { KubeApiError } from '../kube/errors.js';
import type { ApiOptions } from './api-options.js';
import { hasOtherSpecOwners } from './battery-writer.js';
import { formatAmount, freeCapacity, requestedBy } from './capacity.js';
import { createInstanceWriter, type InstanceTarget } from './instance-writer.js';
import { instanceViewOf, requireInstanceKind, sortedInstances } from './instance-view.js';
import { ApiProblem } from './problem.js';
import { readBody } from './request.js';
import {
  createInstanceBody,
  putInstanceBody,
  type capacityCheck,
  type deleteInstanceResponse,
  type instanceCredentials,
  type instanceDetail,
  type instanceKindsResponse,
  type instanceList,
  type putInstanceResponse,
} from './schemas.js';
import { assertValid, specErrors, writeProblem } from './spec-validation.js';

type CapacityCheck = z.input<typeof capacityCheck>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Instance objects (TraditionalService, KnativeService, PostgresCluster, …) by kind plural:
 * - `GET /instances`: the kinds, each with its spec schema (as in its CRD) for forms;
 * - `GET /instances/:plural[?namespace=]`: the instances of a kind, from the operator's cache;
 * - `GET /instances/:plural/:namespace/:name`: one, fresh from the API server, with its spec history;
 * - `POST /instances/:plural/:namespace` `{name, spec}`: create (409 `already-exists` when taken);
 * - `PUT /instances/:plural/:namespace/:name` `{spec, resourceVersion?}`: replace the spec (404 when missing, 409 when
 *   the resourceVersion moved);
 * - `DELETE /instances/:plural/:namespace/:name[?dryRun=true]`: the answer names the data objects kept;
 * - `GET /instances/:plural/:namespace/:name/credentials`: the one route that reveals secret values (no-store).
 * Every write is checked by the kind's zod schema (422 naming `spec.<field>`), then against the nodes' free
 * capacity (422 `insufficient-capacity` naming both numbers unless `confirmCapacity`), then by a server-side dry-run
 * (CRD schema and CEL rules: grow-only volumes, duplicate names; 422 naming the field the API server named), then
 * made.
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
    const target = targetOf(c);
    const existing = await writer.get(target);
    if (!existing) throw notFound(target);
    const history = await options.store.batteryHistory(instanceKey(refOf(target)));
    const body: z.input<typeof instanceDetail> = {
      ...instanceViewOf(existing),
      history: history.map((entry) => ({
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
    const capacity = await confirmedCapacity(target, body.spec, undefined, body.confirmCapacity);
    try {
      // Validated on the server before anything is written: nothing half-applied.
      const validated = await writer.apply(target, body.spec, { dryRun: true });
      const written = body.dryRun ? validated : await writer.apply(target, body.spec, { dryRun: false });
      return c.json(
        { ...instanceViewOf(written), isDryRun: body.dryRun, capacity } satisfies z.input<
          typeof putInstanceResponse
        >,
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
    const capacity = await confirmedCapacity(target, body.spec, existing, body.confirmCapacity);
    const request = { resourceVersion: body.resourceVersion };
    // Server-side apply keeps spec fields other managers own (kubectl, GitOps): then the whole spec is replaced.
    const write = (dryRun: boolean) =>
      hasOtherSpecOwners(existing) || body.resourceVersion
        ? writer.replace(existing, body.spec, { ...request, dryRun })
        : writer.apply(target, body.spec, { dryRun });
    try {
      const validated = await write(true);
      const written = body.dryRun ? validated : await write(false);
      return c.json({ ...instanceViewOf(written), isDryRun: body.dryRun, capacity } satisfies z.input<
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
    try {
      await writer.delete(existing, { dryRun: true });
      if (!isDryRun) await writer.delete(existing, { dryRun: false });
    } catch (error) {
      throw instanceWriteProblem(instanceKey(refOf(target)), error, undefined);
    }
    const ref = refOf(target);
    return c.json({
      deleted: instanceKey(ref),
      isDryRun,
      kept: [...view.live().entries()]
        .filter(([, live]) => isOwnedBy(live, ref) && isDataObject({ group: groupOf(live), kind: live.kind }))
        .map(([key]) => key)
        .sort(),
    } satisfies z.input<typeof deleteInstanceResponse>);
  });

  // The one route that returns secret values: never cached, and only the Secrets the kind names as credentials.
  app.get('/instances/:plural/:namespace/:name/credentials', (c) => {
    const target = targetOf(c);
    const ref = refOf(target);
    const object = (view.instances?.() ?? []).find(
      (o) => o.kind === ref.kind && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name,
    );
    if (!object) throw notFound(target);
    const parsed = target.definition.schema.safeParse(object.spec ?? {});
    if (!parsed.success) throw new ApiProblem(409, 'invalid-spec', `${instanceKey(ref)} has an invalid spec`);
    const names = target.definition.credentialSecrets?.({ ...ref, spec: parsed.data }) ?? [];
    const live = view.live();
    const secrets = names.flatMap((name) => {
      const secret = live.get(`Secret/${ref.namespace}/${name}`);
      if (!secret) return [];
      const data = Object.fromEntries(
        Object.entries((secret.data as Record<string, string> | undefined) ?? {}).map(([key, value]) => [
          key,
          utf8OfBase64(value),
        ]),
      );
      return [{ namespace: ref.namespace, name, data }];
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ secrets } satisfies z.input<typeof instanceCredentials>);
  });

  /**
   * The capacity the write would exceed, refused (422 naming both numbers) unless `confirmed`: what the instance
   * would request (rendered from the proposed spec) against the free capacity plus what its current version holds.
   */
  async function confirmedCapacity(
    target: InstanceTarget,
    spec: unknown,
    existing: KubeObject | undefined,
    confirmed: boolean,
  ): Promise<CapacityCheck[]> {
    const ref = refOf(target);
    const proposed = requestedBy(renderedObjects(ref, spec));
    const current = existing ? requestedBy(renderedObjects(ref, existing.spec ?? {})) : { cpu: 0, memory: 0 };
    const free = await freeCapacity(config);
    const capacity = (['cpu', 'memory'] as const).flatMap((resource): CapacityCheck[] => {
      const available = free[resource] + current[resource];
      return proposed[resource] > available
        ? [
            {
              resource,
              requested: formatAmount(resource, proposed[resource]),
              available: formatAmount(resource, available),
            },
          ]
        : [];
    });
    if (capacity.length > 0 && !confirmed)
      throw new ApiProblem(
        422,
        'insufficient-capacity',
        `${instanceKey(ref)} requests more than the nodes can still allocate: ${capacity
          .map((check) => `${check.resource} ${check.requested} requested, ${check.available} available`)
          .join('; ')}; send confirmCapacity: true to write it anyway`,
        { capacity },
      );
    return capacity;
  }

  /** What the instance renders with `spec`, beside everything else as it is (secret material placeholders). */
  function renderedObjects(ref: InstanceRef, spec: unknown): KubeObject[] {
    const others = (view.instances?.() ?? []).filter(
      (o) => !(o.kind === ref.kind && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name),
    );
    const proposed: KubeObject = {
      apiVersion: 'batteries.batteriesincl.com/v1alpha1',
      kind: ref.kind,
      metadata: { name: ref.name, namespace: ref.namespace },
      spec,
    };
    const { snapshot } = prepareSnapshot({
      batteries: view.batteries(),
      instances: [...others, proposed],
      live: view.live(),
      mint: PLACEHOLDER_MINT,
    });
    const result = generate(snapshot).instances.find((r) => r.type === instanceKey(ref));
    return result?.status === 'generated' ? result.objects : [];
  }
  return app;
}

/** An instance by kind, namespace and name (the form `instanceKey` prints). */
interface InstanceRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function refOf(target: InstanceTarget): InstanceRef {
  return { kind: target.definition.kind, namespace: target.namespace, name: target.name };
}

function isOwnedBy(object: KubeObject, ref: InstanceRef): boolean {
  const labels = object.metadata.labels ?? {};
  return (
    labels[INSTANCE_KIND_LABEL] === ref.kind &&
    labels[INSTANCE_NAMESPACE_LABEL] === ref.namespace &&
    labels[INSTANCE_LABEL] === ref.name &&
    labels[ORPHANED_LABEL] === undefined
  );
}

function groupOf(object: KubeObject): string {
  const slash = object.apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
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
