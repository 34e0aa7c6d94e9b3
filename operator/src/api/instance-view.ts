import {
  findInstanceKind,
  INSTANCE_KINDS,
  type InstanceDefinition,
  type KubeObject,
} from '@batteries-included/batteries';
import type { InstanceStatus } from '@batteries-included/crds';
import type { z } from 'zod';
import { ApiProblem } from './problem.js';
import type { instanceView } from './schemas.js';

export type InstanceView = z.input<typeof instanceView>;

/** The instance kind whose plural is `plural`, or a 404 naming the kinds there are. */
export function requireInstanceKind(plural: string): InstanceDefinition {
  const definition = INSTANCE_KINDS.find((kind) => kind.plural === plural);
  if (!definition)
    throw new ApiProblem(
      404,
      'not-found',
      `${plural} is not an instance kind; known: ${INSTANCE_KINDS.map((kind) => kind.plural).join(', ')}`,
    );
  return definition;
}

/** How the API shows an instance object: spec and status, with readiness, URL and pods lifted out. */
export function instanceViewOf(object: KubeObject): InstanceView {
  const { metadata } = object;
  const status = (object.status as InstanceStatus | undefined) ?? null;
  const ready = status?.conditions?.find((condition) => condition.type === 'Ready');
  const url = status?.connection?.url;
  return {
    kind: object.kind,
    plural: findInstanceKind(object.kind)?.plural ?? object.kind.toLowerCase(),
    battery: findInstanceKind(object.kind)?.battery ?? '',
    namespace: metadata.namespace ?? '',
    name: metadata.name,
    spec: (object.spec as Record<string, unknown> | undefined) ?? {},
    status: status as Record<string, unknown> | null,
    ready: ready?.status ?? 'Unknown',
    ...(ready?.message ? { message: ready.message } : {}),
    ...(url ? { url } : {}),
    ...(status?.instances ? { instances: status.instances } : {}),
    resourceVersion: metadata.resourceVersion ?? '',
    ...(metadata.generation === undefined ? {} : { generation: metadata.generation }),
    ...(metadata.creationTimestamp ? { createdAt: metadata.creationTimestamp } : {}),
    isDeleting: Boolean(metadata.deletionTimestamp),
  };
}

/** Instances sorted by namespace and name. */
export function sortedInstances(objects: readonly KubeObject[]): KubeObject[] {
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
