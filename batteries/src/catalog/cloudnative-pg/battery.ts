import { defineBattery } from '../../model/battery.js';
import { CNPG_BUNDLE } from './bundle.js';
import { CloudnativePgChart } from './chart.js';
import { cloudnativePgSchema } from './schema.js';

/** CloudNativePG from its upstream release, and one CNPG `Cluster` per database request of another battery. */
export const cloudnativePg = defineBattery({
  type: 'cloudnative-pg',
  group: 'data',
  name: 'CloudNativePG',
  description:
    'Postgres for the platform: the upstream CloudNativePG 1.28.0 operator in the base namespace, and a CNPG Cluster for every database another battery requests.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: false,
  shortName: 'cnpgb',
  schema: cloudnativePgSchema,
  bundles: () => [CNPG_BUNDLE],
  chart: (scope, props) => new CloudnativePgChart(scope, props),
});
