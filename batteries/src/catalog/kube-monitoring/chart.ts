import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { BatteryChartProps } from '../../model/battery.js';
import { KubeStateMetrics } from './kube-state-metrics.js';
import { MetricsServer } from './metrics-server.js';
import { NodeExporter } from './node-exporter.js';
import type { KubeMonitoringSpec } from './schema.js';

/**
 * Cluster and node metrics in the core namespace: kube-state-metrics and node-exporter, both behind
 * Services annotated `prometheus.io/scrape`, which the victoria-metrics battery's scrape config picks up; and
 * metrics-server, which serves the resource metrics API.
 */
export class KubeMonitoringChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<KubeMonitoringSpec>) {
    super(scope, 'kube-monitoring');
    const namespace = props.settings.namespaces.core;
    const size = props.settings.defaultSize;
    new KubeStateMetrics(this, 'kube-state-metrics', { spec: props.spec.kubeStateMetrics, namespace, size });
    new NodeExporter(this, 'node-exporter', { spec: props.spec.nodeExporter, namespace, size });
    new MetricsServer(this, 'metrics-server', { spec: props.spec.metricsServer, namespace, size });
  }
}
