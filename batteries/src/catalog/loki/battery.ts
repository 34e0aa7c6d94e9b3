import { defineBattery } from '../../model/battery.js';
import { LokiChart, RESOURCE_PRESETS } from './chart.js';
import { lokiSchema } from './schema.js';

/** Loki: the platform's log store, queried from Grafana. */
export const loki = defineBattery({
  type: 'loki',
  group: 'monitoring',
  name: 'Loki',
  description:
    'Stores and indexes logs on a persistent volume, with retention; queried with LogQL from Grafana.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: true,
  shortName: 'lokib',
  schema: lokiSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  chart: (scope, props) => new LokiChart(scope, props),
});
