import { defineBattery } from '../../model/battery.js';
import { IstioGatewayChart } from './chart.js';
import { istioGatewaySchema } from './schema.js';

/** The ingress gateway every battery UI is reached through. */
export const istioGateway = defineBattery({
  type: 'istio-gateway',
  group: 'net_sec',
  name: 'Istio Gateway',
  description:
    'The ingress gateway: the Gateway istio-ingressgateway (http, https per battery host, ssh) and its LoadBalancer Service, whose address battery hostnames are made of.',
  dependencies: ['istio'],
  integrations: ['cert-manager', 'battery-ca', 'keycloak', 'knative', 'traditional-services'],
  uninstallable: false,
  shortName: 'igwb',
  schema: istioGatewaySchema,
  chart: (scope, props) => new IstioGatewayChart(scope, props),
});
