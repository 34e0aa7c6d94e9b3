import { Flags } from '@oclif/core';
import { z } from 'zod';
import { findInstanceKind } from '@batteries-included/batteries';
import type { Instance, InstanceList, PodList } from '@batteries-included/operator/api-types';
import type { ApiClient } from './api-client.js';
import { InvalidInputError } from './errors.js';

/**
 * The instances one `bi` topic manages (`bi service`, `bi postgres`, `bi redis`): its kinds by the name `--kind`
 * takes, what one is called in messages, and the columns its list shows beside namespace, name and readiness.
 */
export interface InstanceFamily {
  topic: string;
  noun: string;
  /** The noun in the plural, for `No <nouns>.` */
  nouns: string;
  kinds: Readonly<Record<string, { kind: string; plural: string }>>;
  /** The list's columns after NAMESPACE and NAME. */
  columns: ReadonlyArray<readonly [header: string, cell: (instance: Instance) => string]>;
  /** What the list says to do when there is none. */
  firstStep: string;
}

/** A kind's names from the catalog (one source with the CRD and the API). */
function kindOf(kind: string): { kind: string; plural: string } {
  const definition = findInstanceKind(kind);
  if (!definition) throw new Error(`the catalog has no instance kind ${kind}`);
  return { kind: definition.kind, plural: definition.plural };
}

/** `2/3` ready pods, or `-` for an instance without a workload of its own (Knative's are its revisions'). */
export function podsCell(instance: Instance): string {
  return instance.instances ? `${instance.instances.ready}/${instance.instances.desired}` : '-';
}

/** `host:port` from the instance's connection information, or `-`. */
export function addressCell(instance: Instance): string {
  const connection = (instance.status?.connection ?? {}) as Record<string, string>;
  if (!connection.host) return '-';
  return connection.port ? `${connection.host}:${connection.port}` : connection.host;
}

const specCell = (field: string) => (instance: Instance) => String(instance.spec[field] ?? '-');
const readyCell = (instance: Instance) => instance.ready;

export const SERVICES: InstanceFamily = {
  topic: 'service',
  noun: 'service',
  nouns: 'services',
  kinds: { traditional: kindOf('TraditionalService'), knative: kindOf('KnativeService') },
  columns: [
    ['KIND', (s) => s.kind],
    ['READY', readyCell],
    ['PODS', podsCell],
    ['URL', (s) => s.url ?? '-'],
  ],
  firstStep: 'Deploy one with: bi service deploy -f service.yaml',
};

export const POSTGRES: InstanceFamily = {
  topic: 'postgres',
  noun: 'Postgres cluster',
  nouns: 'Postgres clusters',
  kinds: { postgres: kindOf('PostgresCluster') },
  firstStep: 'Create one with: bi postgres create NAME --user app --database app',
  columns: [
    ['READY', readyCell],
    ['INSTANCES', specCell('instances')],
    ['SIZE', specCell('size')],
    ['HOST', addressCell],
  ],
};

export const REDIS: InstanceFamily = {
  topic: 'redis',
  noun: 'Redis instance',
  nouns: 'Redis instances',
  kinds: { redis: kindOf('RedisInstance') },
  firstStep: 'Create one with: bi redis create NAME',
  columns: [
    ['READY', readyCell],
    ['MODE', specCell('mode')],
    ['INSTANCES', specCell('instances')],
    ['SIZE', specCell('size')],
    ['HOST', addressCell],
  ],
};

/** The values a kind's spec field accepts (an enum in its schema), for a flag's `options`. */
export function fieldOptions(kind: string, field: string): string[] {
  const schema = z.toJSONSchema(findInstanceKind(kind)!.schema, { io: 'input' }) as {
    properties?: Record<string, { enum?: unknown[] }>;
  };
  const values = schema.properties?.[field]?.enum;
  if (!values) throw new Error(`${kind}.spec.${field} is not an enum`);
  return values.map(String);
}

/** The namespace flag of a command naming one instance. */
export const namespaceFlag = (noun: string) =>
  Flags.string({ char: 'n', description: `The ${noun}’s namespace.`, default: 'default' });

/** Flags naming one service: its namespace and, when both kinds have one of that name, its kind. */
export const serviceFlags = {
  namespace: namespaceFlag('service'),
  kind: Flags.string({
    description: 'traditional or knative (needed only when both have a service of that name).',
    options: Object.keys(SERVICES.kinds),
  }),
};

/** Every instance of the family's kinds, optionally in one namespace, sorted by namespace and name. */
export async function listInstances(
  api: ApiClient,
  family: InstanceFamily,
  namespace?: string,
): Promise<Instance[]> {
  const lists = await Promise.all(
    Object.values(family.kinds).map(({ plural }) =>
      api.get<InstanceList>(`/api/v1/instances/${plural}`, { namespace }),
    ),
  );
  return lists
    .flatMap((list) => list.instances)
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/** The one instance called `name` in `namespace` (of `kind` when given); fails naming what it found. */
export async function findInstance(
  api: ApiClient,
  family: InstanceFamily,
  name: string,
  namespace: string,
  kind?: string,
): Promise<Instance> {
  const wanted = kind ? family.kinds[kind]?.kind : undefined;
  const found = (await listInstances(api, family, namespace)).filter(
    (instance) => instance.name === name && (!wanted || instance.kind === wanted),
  );
  if (found.length === 0)
    throw new InvalidInputError(
      `no ${family.noun} ${name} in namespace ${namespace} (see: bi ${family.topic} list)`,
    );
  if (found.length > 1)
    throw new InvalidInputError(
      `${found.map((i) => i.kind).join(' and ')} are both called ${name} in ${namespace}; pass --kind`,
    );
  return found[0]!;
}

/** The API path of one instance. */
export const instanceApiPath = (instance: Pick<Instance, 'plural' | 'namespace' | 'name'>): string =>
  `/api/v1/instances/${instance.plural}/${instance.namespace}/${instance.name}`;

/** An instance's pods, from the API. */
export async function instancePods(api: ApiClient, instance: Instance): Promise<PodList['pods']> {
  return (await api.get<PodList>(`${instanceApiPath(instance)}/pods`)).pods;
}
