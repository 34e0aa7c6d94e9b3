import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { containerResources, httpProbe, selectorLabels } from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { LOKI_HTTP_PORT, LOKI_NAME } from '../loki/endpoints.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import {
  FLUENT_BIT_HTTP_PORT,
  FLUENT_BIT_METRICS_PATH,
  HOST_LOG_PATH,
  HOST_STATE_PATH,
  fluentBitConfigYaml,
} from './config.js';
import type { FluentBitSpec } from './schema.js';

/** Container resources per platform size; medium is a tenth of a core and 128 MiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 128 });

const NAME = 'fluent-bit';
const CONFIG_PATH = '/fluent-bit/etc';
const CONFIG_KEY = 'fluent-bit.yaml';

/**
 * Fluent Bit on every node, in the core namespace: a DaemonSet `fluent-bit` that reads the node's container log
 * files (host path `/var/log`, read-only) and pushes them to the loki battery's Service, its configuration in the
 * ConfigMap `fluent-bit-config`, read access to pods and namespaces (for the `kubernetes` filter's labels), and
 * a headless Service `fluent-bit` (2020 `http`) annotated so VictoriaMetrics scrapes its metrics.
 *
 * Log files are owned by root on the node, so the container runs as user 0 — without capabilities, privilege
 * escalation or a writable root file system; its only writable path is its offset database on the host.
 */
export class FluentBitChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<FluentBitSpec>) {
    super(scope, 'fluent-bit');
    const { spec } = props;
    const namespace = props.settings.namespaces.core;
    const labels = selectorLabels(NAME);
    const clusterRoleName = `batteries-${NAME}`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: true,
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: clusterRoleName },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: clusterRoleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace }],
    });

    const config = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${NAME}-config`, namespace },
      data: {
        [CONFIG_KEY]: fluentBitConfigYaml({
          lokiHost: `${LOKI_NAME}.${namespace}.svc`,
          lokiPort: LOKI_HTTP_PORT,
          logLevel: spec.logLevel,
        }),
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: {
        name: NAME,
        namespace,
        annotations: scrapeAnnotations({ port: FLUENT_BIT_HTTP_PORT, path: FLUENT_BIT_METRICS_PATH }),
      },
      spec: {
        clusterIp: 'None',
        selector: labels,
        ports: [
          {
            name: 'http',
            port: FLUENT_BIT_HTTP_PORT,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
          },
        ],
      },
    });

    new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: NAME, namespace },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') },
        },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: true,
            // Every node, including control-plane and tainted ones: logs of a node without a shipper are lost.
            tolerations: [{ operator: 'Exists' }],
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: NAME,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: ['--config', `${CONFIG_PATH}/${CONFIG_KEY}`],
                ports: [{ name: 'http', containerPort: FLUENT_BIT_HTTP_PORT, protocol: 'TCP' }],
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_PATH, readOnly: true },
                  { name: 'logs', mountPath: HOST_LOG_PATH, readOnly: true },
                  { name: 'state', mountPath: HOST_STATE_PATH },
                ],
                resources: containerResources(
                  resolveResources(RESOURCE_PRESETS, props.settings.defaultSize, spec.resources),
                ),
                livenessProbe: httpProbe('/', 'http'),
                readinessProbe: httpProbe('/api/v1/health', 'http'),
                securityContext: {
                  runAsUser: 0,
                  runAsGroup: 0,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: config.name } },
              { name: 'logs', hostPath: { path: HOST_LOG_PATH, type: 'Directory' } },
              { name: 'state', hostPath: { path: HOST_STATE_PATH, type: 'DirectoryOrCreate' } },
            ],
          },
        },
      },
    });
  }
}
