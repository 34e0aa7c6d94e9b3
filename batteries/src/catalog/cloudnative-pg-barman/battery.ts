import { Chart } from 'cdk8s';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import { BARMAN_BUNDLE } from './bundle.js';
import { cloudnativePgBarmanSchema } from './schema.js';

/**
 * The Barman Cloud plugin v0.9.0 from its upstream release, in the base namespace beside CloudNativePG (the plugin
 * must run where the operator does). PostgresClusters with `backup.type: objectStore` then render an ObjectStore
 * and a ScheduledBackup (see the PostgresCluster's render).
 */
export const cloudnativePgBarman = defineBattery({
  type: 'cloudnative-pg-barman',
  group: 'data',
  name: 'CloudNativePG Barman Cloud',
  description:
    'Continuous backups of PostgresClusters to object storage with the Barman Cloud plugin v0.9.0 for CloudNativePG.',
  dependencies: ['core', 'cloudnative-pg', 'battery-ca'],
  integrations: [],
  uninstallable: true,
  shortName: 'barmanb',
  schema: cloudnativePgBarmanSchema,
  bundles: () => [BARMAN_BUNDLE],
  chart: (scope, props) => {
    const chart = new Chart(scope, 'cloudnative-pg-barman');
    includeBundle(chart, props.bundle(BARMAN_BUNDLE.name), {
      namespaces: { [BARMAN_BUNDLE.upstreamNamespace!]: props.settings.namespaces.base },
      dropNamespaces: true,
    });
    return chart;
  },
});
