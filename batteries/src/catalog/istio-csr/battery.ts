import { defineBattery } from '../../model/battery.js';
import { IstioCsrChart } from './chart.js';
import { istioCsrSchema } from './schema.js';

export const istioCsr = defineBattery({
  type: 'istio-csr',
  group: 'net_sec',
  name: 'istio-csr',
  description:
    "cert-manager's istio-csr v0.14.3: makes battery-ca the mesh's certificate authority, so every workload's mTLS identity chains to the platform CA.",
  dependencies: ['istio', 'battery-ca'],
  integrations: [],
  uninstallable: true,
  shortName: 'icsrb',
  schema: istioCsrSchema,
  chart: (scope, props) => new IstioCsrChart(scope, props),
});
