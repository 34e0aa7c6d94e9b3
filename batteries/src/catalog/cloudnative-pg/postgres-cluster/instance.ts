import { defineInstance } from '../../../model/instance.js';
import { imageRef } from '../../../schema/image.js';
import { resolveResources } from '../../../schema/resources.js';
import type { CloudnativePgSpec } from '../schema.js';
import type { CloudnativePgBarmanSpec } from '../../cloudnative-pg-barman/schema.js';
import { renderBackup } from './backup.js';
import { credentialSecretName, userPasswordRequests } from './credentials.js';
import { grantedBy, renderPostgresCluster } from './render.js';
import {
  CLUSTER_RESOURCE_PRESETS,
  CLUSTER_SIZE_PRESETS,
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
  credentialSecrets: (instance) =>
    instance.spec.users.map((user) => credentialSecretName(instance.name, user.username)),
  secrets: (instance) => userPasswordRequests(instance.name, instance.namespace, instance.spec.users),
  render: (scope, { instance, battery, secret, instances }) => {
    const spec: PostgresClusterSpec = instance.spec;
    const preset = CLUSTER_SIZE_PRESETS[spec.size];
    const barman = battery.specOf('cloudnative-pg-barman') as CloudnativePgBarmanSpec | undefined;
    const destinationPath = barman?.destinationPath;
    const objectStore =
      spec.backup.type === 'objectStore' && barman && destinationPath
        ? renderBackup(scope, {
            name: instance.name,
            namespace: instance.namespace,
            backup: spec.backup,
            barman: { ...barman, destinationPath },
          })
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
        message: barman
          ? 'backup.type objectStore: the cloudnative-pg-barman battery has no spec.destinationPath; set it to an S3 URL'
          : 'backup.type objectStore needs the cloudnative-pg-barman battery (installed and generating); install with: bi battery install cloudnative-pg-barman',
      });
    return { connection: rendering.connection, problems };
  },
});
