import { z } from 'zod';
import { image } from '../../schema/image.js';
import { resourcesSchema } from '../../schema/resources.js';

export const kubeMonitoringSchema = z
  .object({
    kubeStateMetrics: z
      .object({
        image: image('The kube-state-metrics image.', {
          repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
          tag: 'v2.17.0',
        }),
        resources: resourcesSchema.optional(),
      })
      .strict()
      .prefault({})
      .meta({
        description: 'kube-state-metrics: metrics about the state of Kubernetes objects (one Deployment).',
      }),
    nodeExporter: z
      .object({
        image: image('The node-exporter image.', {
          repository: 'quay.io/prometheus/node-exporter',
          tag: 'v1.10.2',
        }),
        resources: resourcesSchema.optional(),
      })
      .strict()
      .prefault({})
      .meta({
        description:
          "node-exporter: each node's CPU, memory, disk and network metrics (a DaemonSet on every node, with host network, PID namespace and read-only host paths).",
      }),
    metricsServer: z
      .object({
        image: image('The metrics-server image.', {
          repository: 'registry.k8s.io/metrics-server/metrics-server',
          tag: 'v0.8.0',
        }),
        resources: resourcesSchema.optional(),
      })
      .strict()
      .prefault({})
      .meta({
        description:
          'metrics-server: serves the resource metrics API (metrics.k8s.io) that `kubectl top` and HorizontalPodAutoscalers read.',
      }),
  })
  .strict()
  .meta({
    description:
      'Cluster and node metrics: kube-state-metrics and node-exporter for VictoriaMetrics, and metrics-server for `kubectl top` and autoscalers.',
  });

export type KubeMonitoringSpec = z.output<typeof kubeMonitoringSchema>;
