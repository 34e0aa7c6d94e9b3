import { defineBattery } from '../../model/battery.js';
import { adminPasswordRequest } from './admin-secret.js';
import { GrafanaChart, RESOURCE_PRESETS } from './chart.js';
import { dashboardBundles } from './dashboards.js';
import { grafanaSchema } from './schema.js';

/** Grafana: dashboards over the platform's metrics and logs. */
export const grafana = defineBattery({
  type: 'grafana',
  group: 'monitoring',
  name: 'Grafana',
  description:
    'Dashboards and exploration over metrics and logs, wired to VictoriaMetrics and Loki when they are installed.',
  dependencies: ['core'],
  integrations: ['victoria-metrics', 'loki', 'kube-monitoring', 'cloudnative-pg', 'sso'],
  uninstallable: true,
  shortName: 'grafanab',
  schema: grafanaSchema,
  resourcePresets: { resources: RESOURCE_PRESETS },
  secrets: (_spec, namespaces) => [adminPasswordRequest(namespaces)],
  hosts: (_spec, settings) => [
    { name: 'grafana', service: { namespace: settings.namespaces.core, name: 'grafana', port: 3000 } },
  ],
  bundles: () => dashboardBundles(),
  chart: (scope, props) => new GrafanaChart(scope, props),
});
