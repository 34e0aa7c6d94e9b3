import { defineBattery } from '../../model/battery.js';
import { CNPG_BUNDLE } from './bundle.js';
import { CloudnativePgChart, databaseRequestSecrets } from './chart.js';
import { postgresCluster } from './postgres-cluster/instance.js';
import { cloudnativePgSchema } from './schema.js';

/**
 * CloudNativePG from its upstream release, one CNPG `Cluster` per database request of another battery, and the
 * `PostgresCluster` instances users create.
 */
export const cloudnativePg = defineBattery({
  type: 'cloudnative-pg',
  group: 'data',
  name: 'CloudNativePG',
  description:
    'Postgres for the platform: the upstream CloudNativePG 1.28.0 operator in the base namespace, a CNPG Cluster for every database another battery requests, and PostgresCluster instances with declared users and credentials.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: false,
  shortName: 'cnpgb',
  schema: cloudnativePgSchema,
  bundles: () => [CNPG_BUNDLE],
  // The owners of the databases other batteries request get generated passwords, like PostgresCluster users.
  secrets: (_spec, _namespaces, { databaseRequests }) => databaseRequestSecrets(databaseRequests),
  chart: (scope, props) => new CloudnativePgChart(scope, props),
  instances: [postgresCluster],
});
