import { defineBattery } from '../../model/battery.js';
import { adminPasswordRequest } from './admin-secret.js';
import { GrafanaChart, RESOURCE_PRESETS } from './chart.js';
import { grafanaSchema } from './schema.js';

/** Grafana: dashboards over the platform's metrics and logs. */
export const grafana = defineBattery({
  type: 'grafana',
  group: 'monitoring',
  name: 'Grafana',
  description:
    'Dashboards and exploration over metrics and logs, wired to VictoriaMetrics and Loki when they are installed.',
  dependencies: ['core'],
  integrations: ['victoria-metrics', 'loki', 'sso'],
  uninstallable: true,
  shortName: 'grafanab',
  schema: grafanaSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  secrets: (_spec, namespaces) => [adminPasswordRequest(namespaces)],
  chart: (scope, props) => new GrafanaChart(scope, props),
});
