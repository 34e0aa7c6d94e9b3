import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets, type Size } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import type { KubeMonitoringSpec } from './schema.js';

/** Container resources per platform size; medium is a twentieth of a core and 64 MiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.05, memoryMi: 64 });

const NAME = 'node-exporter';
const METRICS_PORT = 9100;
const USER_ID = 65534;

/** Host paths node-exporter reads, mounted read-only under `/host`. */
const HOST_PATHS = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys' },
  { name: 'root', hostPath: '/', mountPath: '/host/root' },
] as const;

/** Mount points whose file systems are not the node's own: kubelet volumes, container layers, pseudo file systems. */
const EXCLUDED_MOUNT_POINTS = '^/(dev|proc|sys|run/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+)($|/)';

export interface NodeExporterProps {
  readonly spec: KubeMonitoringSpec['nodeExporter'];
  readonly namespace: string;
  readonly size: Size;
}

/**
 * node-exporter on every node: a DaemonSet that tolerates every taint and uses the host's network and PID
 * namespace and read-only host paths — that is what a node exporter is, so it cannot meet the restricted
 * Pod Security Standard, but its container still runs as `nobody` without capabilities. The headless
 * Service `node-exporter` (9100 `metrics`) is annotated for VictoriaMetrics, which scrapes each node.
 */
export class NodeExporter extends Construct {
  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    const { spec, namespace } = props;
    const labels = selectorLabels(NAME);

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace, annotations: scrapeAnnotations({ port: METRICS_PORT }) },
      spec: {
        clusterIp: 'None',
        selector: labels,
        ports: [
          {
            name: 'metrics',
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromString('metrics'),
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
            automountServiceAccountToken: false,
            hostNetwork: true,
            hostPid: true,
            // Every node, including control-plane and tainted ones: a node without metrics is a blind spot.
            tolerations: [{ operator: 'Exists' }],
            securityContext: {
              runAsUser: USER_ID,
              runAsGroup: USER_ID,
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: NAME,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  `--web.listen-address=:${METRICS_PORT}`,
                  '--path.procfs=/host/proc',
                  '--path.sysfs=/host/sys',
                  '--path.rootfs=/host/root',
                  '--path.udev.data=/host/root/run/udev/data',
                  `--collector.filesystem.mount-points-exclude=${EXCLUDED_MOUNT_POINTS}`,
                ],
                ports: [
                  { name: 'metrics', containerPort: METRICS_PORT, hostPort: METRICS_PORT, protocol: 'TCP' },
                ],
                volumeMounts: HOST_PATHS.map(({ name, mountPath }) => ({
                  name,
                  mountPath,
                  readOnly: true,
                  // Mounts made on the host after start (new volumes) must show up too.
                  ...(name === 'root' ? { mountPropagation: 'HostToContainer' } : {}),
                })),
                resources: containerResources(resolveResources(RESOURCE_PRESETS, props.size, spec.resources)),
                livenessProbe: httpProbe('/', 'metrics'),
                readinessProbe: httpProbe('/', 'metrics'),
                securityContext: restrictedSecurityContext(),
              },
            ],
            volumes: HOST_PATHS.map(({ name, hostPath }) => ({ name, hostPath: { path: hostPath } })),
          },
        },
      },
    });
  }
}
