import { k8s } from 'cdk8s-plus-33';
import { istioTokenVolume } from './names.js';
import { ClusterRoleForAccount } from '../../kit/rbac.js';
import { Construct } from 'constructs';
import { containerResources, selectorLabels } from '../../kit/workload.js';
import type { PlatformSettings } from '../../model/settings.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { istioCsrAddress } from '../istio-csr/names.js';
import { ROOT_CERT_CONFIGMAP, istiodAddress } from './names.js';
import type { IstioSpec } from './schema.js';

/** The node agents' resources per platform size; medium is a tenth of a core and 256 MiB. */
export const NODE_AGENT_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 256 });

export interface NodeAgentsProps {
  readonly spec: IstioSpec;
  readonly settings: PlatformSettings;
  readonly hasExternalCa: boolean;
}

const CNI = 'istio-cni';
const CNI_NODE = 'istio-cni-node';
const ZTUNNEL = 'ztunnel';

const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
});
const hostPath = (name: string, path: string): k8s.Volume => ({ name, hostPath: { path } });

/**
 * The ambient mesh's per-node agents, as upstream's `cni` and `ztunnel` charts make them: the DaemonSet
 * `istio-cni-node` (installs the CNI plugin, redirects pod traffic into ztunnel; privileged, host network) with its
 * ConfigMap and RBAC, and the DaemonSet `ztunnel` (the node proxy that carries HBONE, mTLS between pods). Both get
 * workload certificates from istiod, or from istio-csr when it is installed.
 */
export class NodeAgents extends Construct {
  constructor(scope: Construct, id: string, props: NodeAgentsProps) {
    super(scope, id);
    const { spec, settings } = props;
    const namespace = settings.namespaces.istio;
    const resources = containerResources(
      resolveResources(NODE_AGENT_PRESETS, settings.defaultSize, undefined),
    );
    const caAddress = props.hasExternalCa
      ? istioCsrAddress(settings.namespaces)
      : istiodAddress(settings.namespaces);

    // The CNI agent.
    new k8s.KubeServiceAccount(this, 'cni-service-account', { metadata: { name: CNI, namespace } });
    new ClusterRoleForAccount(this, 'cni-cluster-role', {
      name: CNI,
      namespace: namespace,
      rules: [
        { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods/status'], verbs: ['patch', 'update'] },
        { apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: [CNI_NODE], verbs: ['get'] },
      ],
    });
    new k8s.KubeConfigMap(this, 'cni-config', {
      metadata: { name: `${CNI}-config`, namespace },
      data: {
        CURRENT_AGENT_VERSION: spec.cniImage.tag,
        AMBIENT_ENABLED: 'true',
        AMBIENT_DNS_CAPTURE: 'true',
        CNI_NET_DIR: '/etc/cni/net.d',
        CHAINED_CNI_PLUGIN: 'true',
        EXCLUDE_NAMESPACES: 'kube-system',
        REPAIR_ENABLED: 'true',
        LOG_LEVEL: spec.logLevel,
      },
    });
    const cniLabels = selectorLabels(CNI_NODE);
    new k8s.KubeDaemonSet(this, 'cni-daemon-set', {
      metadata: { name: CNI_NODE, namespace },
      spec: {
        selector: { matchLabels: cniLabels },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) },
        },
        template: {
          metadata: { labels: { ...cniLabels, 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: CNI,
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            tolerations: [
              { operator: 'Exists', effect: 'NoSchedule' },
              { operator: 'Exists', effect: 'NoExecute' },
            ],
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: 'install-cni',
                image: imageRef(spec.cniImage),
                imagePullPolicy: 'IfNotPresent',
                command: ['install-cni'],
                args: [`--log_output_level=${spec.logLevel}`],
                envFrom: [{ configMapRef: { name: `${CNI}-config` } }],
                env: [
                  { name: 'REPAIR_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                  fieldEnv('NODE_NAME', 'spec.nodeName'),
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  fieldEnv('POD_IP', 'status.podIP'),
                  { name: 'ISTIOD_ADDRESS', value: istiodAddress(settings.namespaces) },
                ],
                readinessProbe: {
                  httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(8000) },
                  periodSeconds: 10,
                },
                resources,
                // Installing a CNI plugin and entering pod network namespaces needs the node's privileges.
                securityContext: {
                  privileged: true,
                  runAsUser: 0,
                  runAsGroup: 0,
                  runAsNonRoot: false,
                  capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN', 'SYS_PTRACE'] },
                },
                volumeMounts: [
                  { name: 'cni-bin-dir', mountPath: '/host/opt/cni/bin' },
                  { name: 'cni-net-dir', mountPath: '/host/etc/cni/net.d' },
                  { name: 'cni-socket-dir', mountPath: '/var/run/istio-cni' },
                  { name: 'cni-netns-dir', mountPath: '/host/proc', readOnly: true },
                  { name: 'cni-ztunnel-sock-dir', mountPath: '/var/run/ztunnel' },
                ],
              },
            ],
            volumes: [
              hostPath('cni-bin-dir', '/opt/cni/bin'),
              hostPath('cni-net-dir', '/etc/cni/net.d'),
              hostPath('cni-socket-dir', '/var/run/istio-cni'),
              hostPath('cni-netns-dir', '/proc'),
              hostPath('cni-ztunnel-sock-dir', '/var/run/ztunnel'),
            ],
          },
        },
      },
    });

    // ztunnel, the node proxy.
    new k8s.KubeServiceAccount(this, 'ztunnel-service-account', { metadata: { name: ZTUNNEL, namespace } });
    const ztunnelLabels = selectorLabels(ZTUNNEL);
    new k8s.KubeDaemonSet(this, 'ztunnel-daemon-set', {
      metadata: { name: ZTUNNEL, namespace },
      spec: {
        selector: { matchLabels: ztunnelLabels },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) },
        },
        template: {
          metadata: {
            labels: { ...ztunnelLabels, 'sidecar.istio.io/inject': 'false' },
            annotations: { 'ambient.istio.io/redirection': 'disabled' },
          },
          spec: {
            serviceAccountName: ZTUNNEL,
            priorityClassName: 'system-node-critical',
            tolerations: [
              { operator: 'Exists', effect: 'NoSchedule' },
              { operator: 'Exists', effect: 'NoExecute' },
            ],
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'istio-proxy',
                image: imageRef(spec.ztunnelImage),
                imagePullPolicy: 'IfNotPresent',
                args: ['proxy', 'ztunnel'],
                env: [
                  { name: 'CA_ADDRESS', value: caAddress },
                  { name: 'XDS_ADDRESS', value: istiodAddress(settings.namespaces) },
                  { name: 'RUST_LOG', value: spec.logLevel },
                  { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
                  { name: 'INPOD_ENABLED', value: 'true' },
                  { name: 'TERMINATION_GRACE_PERIOD_SECONDS', value: '30' },
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  fieldEnv('NODE_NAME', 'spec.nodeName'),
                  fieldEnv('INSTANCE_IP', 'status.podIP'),
                  fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
                ],
                ports: [
                  { name: 'ztunnel-stats', containerPort: 15020, protocol: 'TCP' },
                  { name: 'hbone', containerPort: 15008, protocol: 'TCP' },
                ],
                readinessProbe: {
                  httpGet: { path: '/healthz/ready', port: k8s.IntOrString.fromNumber(15021) },
                  periodSeconds: 10,
                },
                resources,
                // Entering pod network namespaces to listen on their behalf needs these capabilities, as root.
                securityContext: {
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  runAsUser: 0,
                  runAsGroup: 1337,
                  runAsNonRoot: false,
                  capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'] },
                },
                volumeMounts: [
                  { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
                  { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
                  { name: 'cni-ztunnel-sock-dir', mountPath: '/var/run/ztunnel' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              istioTokenVolume(),
              { name: 'istiod-ca-cert', configMap: { name: ROOT_CERT_CONFIGMAP } },
              hostPath('cni-ztunnel-sock-dir', '/var/run/ztunnel'),
              { name: 'tmp', emptyDir: { medium: 'Memory' } },
            ],
          },
        },
      },
    });
  }
}
