import { defineInstance } from '../../../model/instance.js';
import { imageRef } from '../../../schema/image.js';
import { resolveResources } from '../../../schema/resources.js';
import type { CloudnativePgSpec } from '../schema.js';
import { userPasswordRequests } from './credentials.js';
import { grantedBy, renderPostgresCluster } from './render.js';
import {
  CLUSTER_RESOURCE_PRESETS,
  CLUSTER_SIZE_PRESETS,
  RESERVED_USERNAMES,
  postgresClusterSchema,
  type PostgresClusterSpec,
} from './schema.js';
import { CREDENTIAL_GRANT_KIND } from '../../core/credential-grant.js';

/** `pg-<name>-rw` must stay a DNS label: 63 - `pg-` - `-rw`, and room for CloudNativePG's pod suffixes. */
const MAX_NAME_LENGTH = 50;

/**
 * `PostgresCluster` (short name `pg`): a CloudNativePG cluster users create in any namespace, with declared users
 * whose generated passwords land in Secrets in the cluster's namespace and in the namespaces that grant it.
 */
export const postgresCluster = defineInstance({
  kind: 'PostgresCluster',
  plural: 'postgresclusters',
  shortNames: ['pg'],
  battery: 'cloudnative-pg',
  description:
    'A PostgreSQL cluster run by CloudNativePG: instances, a growable volume, size presets, declared users with generated passwords, the application database, backups.',
  schema: postgresClusterSchema,
  maxNameLength: MAX_NAME_LENGTH,
  printerColumns: [
    { name: 'Instances', type: 'integer', jsonPath: '.spec.instances', description: 'PostgreSQL instances.' },
    { name: 'Size', type: 'string', jsonPath: '.spec.size', description: 'The size preset.' },
    {
      name: 'Host',
      type: 'string',
      jsonPath: '.status.connection.host',
      description: 'The read-write service.',
    },
  ],
  immutableFields: ['database', 'restore', 'storage.storageClass'],
  validations: [
    {
      rule: 'self.users.all(u, self.users.exists_one(v, v.username == u.username))',
      message: 'users: each username may appear once',
      fieldPath: '.users',
    },
    {
      rule: `self.users.all(u, !(u.username in [${RESERVED_USERNAMES.map((n) => `'${n}'`).join(', ')}]))`,
      message: `users: ${RESERVED_USERNAMES.join(' and ')} are reserved by CloudNativePG`,
      fieldPath: '.users',
    },
    {
      rule: '!has(self.database) || self.users.exists(u, u.username == self.database.owner)',
      message: 'database.owner must be one of the users',
      fieldPath: '.database.owner',
    },
  ],
  secrets: (instance) => userPasswordRequests(instance.name, instance.namespace, instance.spec.users),
  render: (scope, { instance, battery, secret, instances }) => {
    const spec: PostgresClusterSpec = instance.spec;
    const preset = CLUSTER_SIZE_PRESETS[spec.size];
    const objectStore =
      spec.backup.type === 'objectStore' && battery.isInstalled('cloudnative-pg-barman')
        ? `pg-${instance.name}`
        : undefined;
    const rendering = renderPostgresCluster(scope, {
      name: instance.name,
      namespace: instance.namespace,
      spec,
      image: imageRef((battery.spec as CloudnativePgSpec).postgresImage),
      storageSize: spec.storage.size ?? preset.storage,
      resources: resolveResources(CLUSTER_RESOURCE_PRESETS, spec.size, spec.resources),
      password: secret,
      isGranted: grantedBy(instances(CREDENTIAL_GRANT_KIND), instance.namespace),
      isScraped: battery.isInstalled('victoria-metrics'),
      ...(objectStore ? { objectStore } : {}),
    });
    const problems = [...rendering.problems];
    if (spec.backup.type === 'objectStore' && !objectStore)
      problems.push({
        reason: 'BackupUnavailable',
        message:
          'backup.type objectStore needs the cloudnative-pg-barman battery; install with: bi battery install cloudnative-pg-barman',
      });
    return { connection: rendering.connection, problems };
  },
});
