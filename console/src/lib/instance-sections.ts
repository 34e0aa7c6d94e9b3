import type { Instance } from '@batteries-included/operator/api-types';

/**
 * A console section of instance pages (list, new, detail): which kinds it shows, by the plural their routes use,
 * and the words it uses. One set of pages serves every section.
 */
export interface InstanceSection {
  title: string;
  /** The section's path, `/services`; an instance is at `<path>/<plural>/<namespace>/<name>`. */
  path: string;
  /** What one instance is called: "New <noun>", "Create <noun>". */
  noun: string;
  /** Its kinds by plural, the first the default of the new form. */
  kinds: ReadonlyArray<{ plural: string; label: string; option: string }>;
  /** Shown when the section is empty. */
  empty: string;
}

export const SERVICES: InstanceSection = {
  title: 'Services',
  path: '/services',
  noun: 'service',
  kinds: [
    { plural: 'traditionalservices', label: 'Traditional', option: 'Traditional (always running)' },
    { plural: 'knativeservices', label: 'Knative', option: 'Knative (scales with traffic, to zero)' },
  ],
  empty: 'No services yet. Create one: a container image, a port, and the settings it needs.',
};

export const DATA: InstanceSection = {
  title: 'Data',
  path: '/data',
  noun: 'database',
  kinds: [
    { plural: 'postgresclusters', label: 'Postgres', option: 'Postgres cluster (CloudNativePG)' },
    { plural: 'redisinstances', label: 'Redis', option: 'Redis' },
    { plural: 'ferretservices', label: 'FerretDB', option: 'FerretDB (MongoDB API on a Postgres cluster)' },
  ],
  empty: 'No databases yet. Create a Postgres cluster, a Redis instance or a FerretDB service.',
};

export const pluralsOf = (section: InstanceSection): string[] => section.kinds.map((k) => k.plural);

export const kindLabel = (section: InstanceSection, plural: string): string =>
  section.kinds.find((k) => k.plural === plural)?.label ?? plural;

/** The instance's page in its section. */
export const instanceHref = (
  section: InstanceSection,
  instance: Pick<Instance, 'plural' | 'namespace' | 'name'>,
): string => `${section.path}/${instance.plural}/${instance.namespace}/${instance.name}`;

/** Where it is reached: a service's URL, or a database's host and port from its connection information. */
export function addressOf(instance: Instance): string | undefined {
  if (instance.url) return instance.url;
  const connection = (instance.status?.connection ?? {}) as Record<string, string>;
  if (!connection.host) return undefined;
  return connection.port ? `${connection.host}:${connection.port}` : connection.host;
}
