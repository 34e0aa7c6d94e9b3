import { defineBattery } from '../../model/battery.js';
import { KIALI, KIALI_PORT, KialiChart, signingKeyRequest } from './chart.js';
import { kialiSchema } from './schema.js';

export const kiali = defineBattery({
  type: 'kiali',
  group: 'net_sec',
  name: 'Kiali',
  description:
    'Kiali v2.19.0, the service mesh console: the mesh graph, traffic and Istio configuration, with metrics from VictoriaMetrics and links to Grafana.',
  dependencies: ['istio', 'istio-gateway', 'grafana', 'victoria-metrics'],
  integrations: [],
  uninstallable: true,
  shortName: 'kialib',
  schema: kialiSchema,
  secrets: (_spec, namespaces) => [signingKeyRequest(namespaces)],
  hosts: (_spec, settings) => [
    { name: KIALI, service: { namespace: settings.namespaces.istio, name: KIALI, port: KIALI_PORT } },
  ],
  chart: (scope, props) => new KialiChart(scope, props),
});
