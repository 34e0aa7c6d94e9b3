import { defineBattery } from '../../model/battery.js';
import { TRUST_MANAGER_BUNDLE } from './bundle.js';
import { TrustManagerChart } from './chart.js';
import { trustManagerSchema } from './schema.js';

export const trustManager = defineBattery({
  type: 'trust-manager',
  group: 'net_sec',
  name: 'trust-manager',
  description:
    "trust-manager v0.20.2: distributes battery-ca's certificate as the ConfigMap battery-ca-bundle to every platform namespace, so workloads trust the platform's chain.",
  dependencies: ['core', 'battery-ca', 'cert-manager'],
  integrations: [],
  uninstallable: true,
  shortName: 'trustb',
  schema: trustManagerSchema,
  bundles: () => [TRUST_MANAGER_BUNDLE],
  chart: (scope, props) => new TrustManagerChart(scope, props),
});
