import { Flags } from '@oclif/core';
import type { Instance, InstanceList, PodList } from '@batteries-included/operator/api-types';
import type { ApiClient } from './api-client.js';
import { InvalidInputError } from './errors.js';

/** The two service kinds, by the path segment of their API routes. */
export const SERVICE_KINDS = {
  traditional: { kind: 'TraditionalService', plural: 'traditionalservices' },
  knative: { kind: 'KnativeService', plural: 'knativeservices' },
} as const;
export type ServiceKindName = keyof typeof SERVICE_KINDS;

/** Flags naming one service: its namespace and, when both kinds have one of that name, its kind. */
export const serviceFlags = {
  namespace: Flags.string({ char: 'n', description: 'The service’s namespace.', default: 'default' }),
  kind: Flags.string({
    description: 'traditional or knative (needed only when both have a service of that name).',
    options: Object.keys(SERVICE_KINDS),
  }),
};

/** Every service of both kinds, optionally in one namespace, sorted by namespace and name. */
export async function listServices(api: ApiClient, namespace?: string): Promise<Instance[]> {
  const lists = await Promise.all(
    Object.values(SERVICE_KINDS).map(({ plural }) =>
      api.get<InstanceList>(`/api/v1/instances/${plural}`, { namespace }),
    ),
  );
  return lists
    .flatMap((list) => list.instances)
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** The one service called `name` in `namespace` (of `kind` when given); fails naming what it found. */
export async function findService(
  api: ApiClient,
  name: string,
  namespace: string,
  kind?: string,
): Promise<Instance> {
  const found = (await listServices(api, namespace)).filter(
    (service) =>
      service.name === name && (!kind || service.kind === SERVICE_KINDS[kind as ServiceKindName].kind),
  );
  if (found.length === 0)
    throw new InvalidInputError(`no service ${name} in namespace ${namespace} (see: bi service list)`);
  if (found.length > 1)
    throw new InvalidInputError(
      `both a TraditionalService and a KnativeService are called ${name} in ${namespace}; pass --kind`,
    );
  return found[0]!;
}

/** A service's pods, from the API. */
export async function servicePods(api: ApiClient, service: Instance): Promise<PodList['pods']> {
  const { pods } = await api.get<PodList>(
    `/api/v1/instances/${service.plural}/${service.namespace}/${service.name}/pods`,
  );
  return pods;
}

/** `2/3` ready pods, or `-` for a service without a workload of its own (Knative's are its revisions'). */
export function podsCell(service: Instance): string {
  return service.instances ? `${service.instances.ready}/${service.instances.desired}` : '-';
}
