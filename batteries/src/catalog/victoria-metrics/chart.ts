import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { growableVolumeClaim } from '../../kit/volume-claims.js';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { VMSINGLE_NAME, VMSINGLE_PORT } from './endpoints.js';
import { scrapeAnnotations } from './scrape-annotations.js';
import { scrapeConfigYaml } from './scrape-config.js';
import { STORAGE_PRESETS, type VictoriaMetricsSpec } from './schema.js';

/** Container resources per platform size; medium is half a core and 1 GiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 1024 });

/** The non-root user VictoriaMetrics runs as (`nobody`); the data volume is group-owned by it. */
const USER_ID = 65534;

const STORAGE_PATH = '/storage';
const CONFIG_PATH = '/config';
const SCRAPE_CONFIG_KEY = 'scrape.yaml';

/**
 * Single-node VictoriaMetrics in the core namespace: a one-replica StatefulSet `vmsingle` with a growable
 * data volume, the Service `vmsingle` (port 8428, `http`), and its scrape configuration in the ConfigMap
 * `vmsingle-scrape`. It discovers annotated Services and pods (and, when asked, kubelets) through the API,
 * so its ServiceAccount mounts a token bound to a read-only ClusterRole.
 */
export class VictoriaMetricsChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<VictoriaMetricsSpec>) {
    super(scope, 'victoria-metrics');
    const { spec } = props;
    const namespace = props.settings.namespaces.core;
    const labels = selectorLabels(VMSINGLE_NAME);
    const clusterRoleName = `batteries-${VMSINGLE_NAME}`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: VMSINGLE_NAME, namespace },
      automountServiceAccountToken: true,
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: clusterRoleName },
      rules: discoveryRules(spec.scrapeKubelets),
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: clusterRoleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
      subjects: [{ kind: 'ServiceAccount', name: VMSINGLE_NAME, namespace }],
    });

    const scrapeConfig = new k8s.KubeConfigMap(this, 'scrape-config', {
      metadata: { name: `${VMSINGLE_NAME}-scrape`, namespace },
      data: { [SCRAPE_CONFIG_KEY]: scrapeConfigYaml(spec) },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: VMSINGLE_NAME, namespace, annotations: scrapeAnnotations({ port: VMSINGLE_PORT }) },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'http',
            port: VMSINGLE_PORT,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
          },
        ],
      },
    });

    const replicas = 1;
    const dataClaim = growableVolumeClaim(this, {
      claimName: 'data',
      statefulSet: VMSINGLE_NAME,
      namespace,
      replicas,
      size: spec.storageSize ?? STORAGE_PRESETS[props.settings.defaultSize],
      labels,
      live: props.live,
    });

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: VMSINGLE_NAME, namespace },
      spec: {
        serviceName: VMSINGLE_NAME,
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: VMSINGLE_NAME,
            automountServiceAccountToken: true,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: 'vmsingle',
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  `-storageDataPath=${STORAGE_PATH}`,
                  `-retentionPeriod=${spec.retentionPeriod}`,
                  `-httpListenAddr=:${VMSINGLE_PORT}`,
                  `-promscrape.config=${CONFIG_PATH}/${SCRAPE_CONFIG_KEY}`,
                ],
                ports: [{ name: 'http', containerPort: VMSINGLE_PORT, protocol: 'TCP' }],
                volumeMounts: [
                  { name: 'data', mountPath: STORAGE_PATH },
                  { name: 'config', mountPath: CONFIG_PATH, readOnly: true },
                ],
                resources: containerResources(
                  resolveResources(RESOURCE_PRESETS, props.settings.defaultSize, spec.resources),
                ),
                readinessProbe: httpProbe('/health', 'http'),
                // Opening a large data directory takes a while; give it a minute before restarting.
                livenessProbe: httpProbe('/health', 'http', { initialDelaySeconds: 30 }),
                securityContext: restrictedSecurityContext(),
              },
            ],
            volumes: [{ name: 'config', configMap: { name: scrapeConfig.name } }],
          },
        },
        volumeClaimTemplates: [dataClaim],
      },
    });
  }
}

/**
 * Read-only access for service discovery: Services, their EndpointSlices and pods for the annotation jobs;
 * nodes and the kubelet's metrics endpoint only when kubelets are scraped.
 */
function discoveryRules(scrapeKubelets: boolean): k8s.PolicyRule[] {
  const read = ['get', 'list', 'watch'];
  const rules: k8s.PolicyRule[] = [
    { apiGroups: [''], resources: ['pods', 'services'], verbs: read },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: read },
  ];
  if (scrapeKubelets) {
    rules.push(
      { apiGroups: [''], resources: ['nodes'], verbs: read },
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
    );
  }
  return rules;
}
