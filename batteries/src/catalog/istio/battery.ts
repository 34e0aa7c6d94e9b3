import { defineBattery } from '../../model/battery.js';
import { ISTIO_BUNDLE } from './bundle.js';
import { IstioChart } from './chart.js';
import { istioSchema } from './schema.js';

/** Istio's ambient mesh: upstream CRDs from the release, the control plane and node agents generated. */
export const istio = defineBattery({
  type: 'istio',
  group: 'net_sec',
  name: 'Istio',
  description:
    'The Istio 1.28.1 service mesh in ambient mode: istiod, the CNI node agent and ztunnel in the istio namespace; platform namespaces join the mesh and talk over mutual TLS.',
  dependencies: ['gateway-api'],
  integrations: ['istio-csr', 'battery-ca'],
  uninstallable: false,
  shortName: 'istiob',
  schema: istioSchema,
  bundles: () => [ISTIO_BUNDLE],
  chart: (scope, props) => new IstioChart(scope, props),
});
