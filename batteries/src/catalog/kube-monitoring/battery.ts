import { defineBattery } from '../../model/battery.js';
import { RESOURCE_PRESETS as NODE_EXPORTER_PRESETS } from './node-exporter.js';
import { RESOURCE_PRESETS as KUBE_STATE_METRICS_PRESETS } from './kube-state-metrics.js';
import { KubeMonitoringChart } from './chart.js';
import { RESOURCE_PRESETS as METRICS_SERVER_PRESETS } from './metrics-server.js';
import { kubeMonitoringSchema } from './schema.js';

/** kube-state-metrics and node-exporter, scraped by VictoriaMetrics. */
export const kubeMonitoring = defineBattery({
  type: 'kube-monitoring',
  group: 'monitoring',
  name: 'Kubernetes Monitoring',
  description:
    'Metrics about Kubernetes objects (kube-state-metrics) and every node (node-exporter), scraped by VictoriaMetrics; metrics-server for `kubectl top` and autoscalers.',
  dependencies: ['core', 'victoria-metrics'],
  integrations: [],
  uninstallable: true,
  shortName: 'kmonb',
  schema: kubeMonitoringSchema,
  resourcePresets: {
    'kubeStateMetrics.resources': KUBE_STATE_METRICS_PRESETS,
    'nodeExporter.resources': NODE_EXPORTER_PRESETS,
    'metricsServer.resources': METRICS_SERVER_PRESETS,
  },
  chart: (scope, props) => new KubeMonitoringChart(scope, props),
});
