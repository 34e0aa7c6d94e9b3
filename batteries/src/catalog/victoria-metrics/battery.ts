import { defineBattery } from '../../model/battery.js';
import { VMSINGLE_NAME, VMSINGLE_PORT } from './endpoints.js';
import { RESOURCE_PRESETS, VictoriaMetricsChart } from './chart.js';
import { victoriaMetricsSchema } from './schema.js';

/** Single-node VictoriaMetrics: the platform's metrics store and scraper. */
export const victoriaMetrics = defineBattery({
  type: 'victoria-metrics',
  group: 'monitoring',
  name: 'VictoriaMetrics',
  description:
    'Stores metrics and scrapes every pod and Service annotated prometheus.io/scrape, plus kubelets; queried with PromQL.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: true,
  shortName: 'vmb',
  schema: victoriaMetricsSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  // `vmselect`, the original's name for the query UI (vmui) host.
  hosts: (_spec, settings) => [
    {
      name: 'vmselect',
      service: { namespace: settings.namespaces.core, name: VMSINGLE_NAME, port: VMSINGLE_PORT },
    },
  ],
  chart: (scope, props) => new VictoriaMetricsChart(scope, props),
});
