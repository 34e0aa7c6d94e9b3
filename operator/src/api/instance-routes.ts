import {
  findInstanceKind,
  generate,
  instanceKey,
  ORPHANED_LABEL,
  INSTANCE_KIND_LABEL,
  INSTANCE_LABEL,
  INSTANCE_NAMESPACE_LABEL,
  type InstanceDefinition,
  type KubeObject,
} from '@batteries-included/batteries';
import type { InstanceStatus } from '@batteries-included/crds';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { PLACEHOLDER_MINT, prepareSnapshot } from '../engine/decide/prepare-snapshot.js';
import { isDataObject } from '../engine/plan/data-safety.js';
import { utf8OfBase64 } from '../engine/plan/base64.js';
import { createDiscovery } from '../kube/discovery.js';
import type { ApiOptions } from './api-options.js';
import { formatAmount, freeCapacity, requestedBy } from './capacity.js';
import { createInstanceWriter, type InstanceRef } from './instance-writer.js';
import { ApiProblem } from './problem.js';
import { readBody } from './request.js';
import {
  putInstanceBody,
  type deleteInstanceResponse,
  type instanceDetail,
  type instanceCredentials,
  type instanceList,
  type instanceView,
  type putInstanceResponse,
} from './schemas.js';
import { assertValid, specErrors, writeProblem } from './spec-validation.js';

type InstanceView = z.input<typeof instanceView>;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Instances (PostgresCluster, RedisInstance, ...): list (cache), get (fresh), create or update (`PUT`: the kind's
 * zod schema and name rule → 422 naming the field; a capacity check → 422 `insufficient-capacity` naming both
 * numbers unless confirmed; a server-side dry-run; then server-side apply, 409 when `resourceVersion` moved), delete
 * (dry-run first; the answer names the data objects kept), and the one route that reveals credential values.
 */
export function instanceRoutes(options: ApiOptions): Hono {
  const { view, config } = options;
  const writer = createInstanceWriter(config, options.discovery ?? createDiscovery(config));
  const instances = () => view.instances?.() ?? [];
  const app = new Hono();

  app.get('/instances', (c) => {
    const kind = c.req.query('kind');
    const namespace = c.req.query('namespace');
    if (kind) requireKind(kind);
    const list = instances()
      .filter((o) => (!kind || o.kind === kind) && (!namespace || o.metadata.namespace === namespace))
      .map(instanceViewOf)
      .sort((a, b) => (keyOfView(a) < keyOfView(b) ? -1 : 1));
    return c.json({ instances: list } satisfies z.input<typeof instanceList>);
  });

  app.get('/instances/:kind/:namespace/:name', async (c) => {
    const ref = refParams(c);
    const object = await writer.get(ref);
    if (!object) throw notFound(ref);
    const history = await options.store.batteryHistory(instanceKey(ref));
    const body: z.input<typeof instanceDetail> = {
      ...instanceViewOf(object),
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

  app.put('/instances/:kind/:namespace/:name', async (c) => {
    const ref = refParams(c);
    const definition = requireKind(ref.kind);
    const body = await readBody(c, putInstanceBody);
    assertValid(
      [...nameErrors(definition, ref.name), ...specErrors(definition, body.spec)],
      instanceKey(ref),
    );
    const existing = await writer.get(ref);
    if (existing?.metadata.deletionTimestamp)
      throw new ApiProblem(
        409,
        'being-deleted',
        `${instanceKey(ref)} is being deleted; create it again once it is gone`,
      );
    const capacity = await checkCapacity(ref, body.spec, existing);
    if (capacity.length > 0 && !body.confirmCapacity) {
      throw new ApiProblem(
        422,
        'insufficient-capacity',
        `${instanceKey(ref)} requests more than the nodes can still allocate: ${capacity
          .map((check) => `${check.resource} ${check.requested} requested, ${check.available} available`)
          .join('; ')}; send confirmCapacity: true to write it anyway`,
        { capacity },
      );
    }
    const request = body.resourceVersion ? { resourceVersion: body.resourceVersion } : {};
    try {
      const validated = await writer.apply(ref, body.spec, { ...request, dryRun: true });
      const written = body.dryRun
        ? validated
        : await writer.apply(ref, body.spec, { ...request, dryRun: false });
      return c.json(
        { ...instanceViewOf(written), isDryRun: body.dryRun, capacity } satisfies z.input<
          typeof putInstanceResponse
        >,
        existing ? 200 : 201,
      );
    } catch (error) {
      throw writeProblem(instanceKey(ref), error, body.spec);
    }
  });

  app.delete('/instances/:kind/:namespace/:name', async (c) => {
    const ref = refParams(c);
    requireKind(ref.kind);
    const isDryRun = c.req.query('dryRun') === 'true';
    const object = await writer.get(ref);
    if (!object) throw notFound(ref);
    try {
      await writer.delete(object, { dryRun: true });
      if (!isDryRun) await writer.delete(object, { dryRun: false });
    } catch (error) {
      throw writeProblem(instanceKey(ref), error);
    }
    const body: z.input<typeof deleteInstanceResponse> = {
      deleted: instanceKey(ref),
      isDryRun,
      kept: [...view.live().entries()]
        .filter(([, live]) => isOwnedBy(live, ref) && isDataObject({ group: groupOf(live), kind: live.kind }))
        .map(([key]) => key)
        .sort(),
    };
    return c.json(body);
  });

  // The one route that returns secret values: never cached, and only the Secrets the kind names as credentials.
  app.get('/instances/:kind/:namespace/:name/credentials', (c) => {
    const ref = refParams(c);
    const definition = requireKind(ref.kind);
    const object = instances().find(
      (o) => o.kind === ref.kind && o.metadata.namespace === ref.namespace && o.metadata.name === ref.name,
    );
    if (!object) throw notFound(ref);
    const parsed = definition.schema.safeParse(object.spec ?? {});
    if (!parsed.success) throw new ApiProblem(409, 'invalid-spec', `${instanceKey(ref)} has an invalid spec`);
    const names = definition.credentialSecrets?.({ ...ref, spec: parsed.data }) ?? [];
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
   * The instance's requests beyond what the nodes can still allocate: what it would request (rendered from the
   * proposed spec) against the free capacity plus what its current version already holds.
   */
  async function checkCapacity(
    ref: InstanceRef,
    spec: unknown,
    existing: KubeObject | undefined,
  ): Promise<Array<{ resource: 'cpu' | 'memory'; requested: string; available: string }>> {
    const proposed = requestedBy(renderedObjects(ref, spec));
    const current = existing ? requestedBy(renderedObjects(ref, existing.spec ?? {})) : { cpu: 0, memory: 0 };
    const free = await freeCapacity(config);
    return (['cpu', 'memory'] as const).flatMap((resource) => {
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
  }

  /** What the instance renders with `spec`, beside everything else as it is (secret material placeholders). */
  function renderedObjects(ref: InstanceRef, spec: unknown): KubeObject[] {
    const others = instances().filter(
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

function refParams(c: Context): InstanceRef {
  const ref = {
    kind: c.req.param('kind')!,
    namespace: c.req.param('namespace')!,
    name: c.req.param('name')!,
  };
  if (!DNS_LABEL.test(ref.namespace) || ref.namespace.length > 63)
    throw new ApiProblem(400, 'bad-request', `namespace: "${ref.namespace}" is not a namespace name`, {
      errors: [{ field: 'namespace', message: 'must be a DNS label', value: ref.namespace }],
    });
  // Names reach the API server's paths: only what an object name may contain, and never a path step.
  if (!/^[A-Za-z0-9][-A-Za-z0-9._]{0,252}$/.test(ref.name) || ref.name.includes('..'))
    throw new ApiProblem(400, 'bad-request', `name: "${ref.name}" is not an object name`, {
      errors: [{ field: 'name', message: 'must be an object name', value: ref.name }],
    });
  return ref;
}

function requireKind(kind: string): InstanceDefinition {
  const definition = findInstanceKind(kind);
  if (!definition) throw new ApiProblem(404, 'not-found', `${kind} is not an instance kind`, { kind });
  return definition;
}

function nameErrors(definition: InstanceDefinition, name: string) {
  const max = definition.maxNameLength ?? 63;
  return /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= max
    ? []
    : [
        {
          field: 'metadata.name',
          message: `must be a DNS label of at most ${max} characters (lower-case letters, digits and -, starting with a letter)`,
          value: name,
        },
      ];
}

function notFound(ref: InstanceRef): ApiProblem {
  return new ApiProblem(404, 'not-found', `${instanceKey(ref)} does not exist`, {
    instance: instanceKey(ref),
  });
}

function instanceViewOf(object: KubeObject): InstanceView {
  const { metadata } = object;
  const status = (object.status as InstanceStatus | undefined) ?? null;
  return {
    kind: object.kind,
    namespace: metadata.namespace ?? '',
    name: metadata.name,
    battery: findInstanceKind(object.kind)?.battery ?? '',
    spec: (object.spec as Record<string, unknown> | undefined) ?? {},
    status,
    ready: status?.conditions?.find((condition) => condition.type === 'Ready')?.status ?? 'Unknown',
    resourceVersion: metadata.resourceVersion ?? '',
    ...(metadata.generation === undefined ? {} : { generation: metadata.generation }),
    ...(metadata.creationTimestamp ? { createdAt: metadata.creationTimestamp } : {}),
    isDeleting: Boolean(metadata.deletionTimestamp),
  };
}

function keyOfView(view: InstanceView): string {
  return `${view.kind}/${view.namespace}/${view.name}`;
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
