import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets, type Size } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { REPORTED_RESOURCES, reportedResourceRules } from './reported-resources.js';
import type { KubeMonitoringSpec } from './schema.js';

/** Container resources per platform size; medium is a tenth of a core and 128 MiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 128 });

const NAME = 'kube-state-metrics';
/** Object metrics, scraped by VictoriaMetrics. */
const METRICS_PORT = 8080;
/** kube-state-metrics' own metrics and its readiness endpoint. */
const TELEMETRY_PORT = 8081;
const USER_ID = 65534;

export interface KubeStateMetricsProps {
  readonly spec: KubeMonitoringSpec['kubeStateMetrics'];
  readonly namespace: string;
  readonly size: Size;
}

/**
 * kube-state-metrics: a one-pod Deployment that lists and watches the reported resources (a ClusterRole
 * with exactly those, `list` and `watch` only) and serves their metrics on 8080 (`http-metrics`) behind the
 * Service `kube-state-metrics`, which is annotated for VictoriaMetrics to scrape.
 */
export class KubeStateMetrics extends Construct {
  constructor(scope: Construct, id: string, props: KubeStateMetricsProps) {
    super(scope, id);
    const { spec, namespace } = props;
    const labels = selectorLabels(NAME);
    const clusterRoleName = `batteries-${NAME}`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: true,
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: clusterRoleName },
      rules: reportedResourceRules(),
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: clusterRoleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace }],
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace, annotations: scrapeAnnotations({ port: METRICS_PORT }) },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'http-metrics',
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromString('http-metrics'),
            protocol: 'TCP',
          },
          {
            name: 'telemetry',
            port: TELEMETRY_PORT,
            targetPort: k8s.IntOrString.fromString('telemetry'),
            protocol: 'TCP',
          },
        ],
      },
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: NAME, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: true,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: NAME,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  `--port=${METRICS_PORT}`,
                  `--telemetry-port=${TELEMETRY_PORT}`,
                  `--resources=${REPORTED_RESOURCES.map((r) => r.resource).join(',')}`,
                ],
                ports: [
                  { name: 'http-metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                  { name: 'telemetry', containerPort: TELEMETRY_PORT, protocol: 'TCP' },
                ],
                resources: containerResources(resolveResources(RESOURCE_PRESETS, props.size, spec.resources)),
                livenessProbe: httpProbe('/livez', 'http-metrics'),
                readinessProbe: httpProbe('/readyz', 'telemetry'),
                securityContext: restrictedSecurityContext(),
              },
            ],
          },
        },
      },
    });
  }
}
