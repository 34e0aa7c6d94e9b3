import { defineBattery } from '../../model/battery.js';
import { CERT_MANAGER_BUNDLE } from './bundle.js';
import { CertManagerChart } from './chart.js';
import { certManagerSchema } from './schema.js';

/** cert-manager from its upstream release, moved into the base namespace, plus ACME ClusterIssuers. */
export const certManager = defineBattery({
  type: 'cert-manager',
  group: 'net_sec',
  name: 'cert-manager',
  description:
    "Certificates for the platform: the upstream cert-manager v1.19.2 operator in the base namespace and Let's Encrypt ClusterIssuers.",
  dependencies: ['core'],
  integrations: ['istio-gateway', 'battery-ca'],
  uninstallable: true,
  shortName: 'certb',
  schema: certManagerSchema,
  bundles: () => [CERT_MANAGER_BUNDLE],
  chart: (scope, props) => new CertManagerChart(scope, props),
});
