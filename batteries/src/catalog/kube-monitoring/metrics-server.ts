import { ApiObject } from 'cdk8s';
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
import type { KubeMonitoringSpec } from './schema.js';

/** Container resources per platform size; medium is a tenth of a core and 200 MiB (upstream's request). */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 200 });

const NAME = 'metrics-server';
const SECURE_PORT = 10250;
const USER_ID = 1000;
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface MetricsServerProps {
  readonly spec: KubeMonitoringSpec['metricsServer'];
  readonly namespace: string;
  readonly size: Size;
}

/**
 * metrics-server, as its release manifest installs it (moved into the core namespace): a one-pod Deployment that
 * reads each kubelet's resource metrics and serves them as the aggregated API `metrics.k8s.io/v1beta1` (the
 * APIService `v1beta1.metrics.k8s.io` pointing at the Service `metrics-server`, 443 → 10250), which is what
 * `kubectl top` and HorizontalPodAutoscalers read. Its ClusterRole `batteries-metrics-server-reader` aggregates
 * into view, edit and admin, so whoever may read pods may read their metrics. It delegates authentication and
 * authorization to the API server (`system:auth-delegator`, `extension-apiserver-authentication-reader`).
 */
export class MetricsServer extends Construct {
  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    const { spec, namespace } = props;
    const labels = selectorLabels(NAME);
    const roleName = `batteries-${NAME}`;
    const subjects = [{ kind: 'ServiceAccount', name: NAME, namespace }];
    const read = ['get', 'list', 'watch'];

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: true,
    });
    new k8s.KubeClusterRole(this, 'reader', {
      metadata: {
        name: `${roleName}-reader`,
        labels: {
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: read }],
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: roleName },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes', 'pods'], verbs: read },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: roleName },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: roleName },
      subjects,
    });
    new k8s.KubeClusterRoleBinding(this, 'auth-delegator', {
      metadata: { name: `${roleName}-auth-delegator` },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects,
    });
    new k8s.KubeRoleBinding(this, 'auth-reader', {
      metadata: { name: `${roleName}-auth-reader`, namespace: 'kube-system' },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects,
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace },
      spec: {
        selector: labels,
        ports: [
          { name: 'https', port: 443, targetPort: k8s.IntOrString.fromString('https'), protocol: 'TCP' },
        ],
      },
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: NAME, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0) } },
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
                  '--cert-dir=/tmp',
                  `--secure-port=${SECURE_PORT}`,
                  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
                  '--kubelet-use-node-status-port',
                  // Kubelet serving certificates are usually self-signed (kind, kubeadm), as for VictoriaMetrics'
                  // kubelet scrape.
                  '--kubelet-insecure-tls',
                  '--metric-resolution=15s',
                ],
                ports: [{ name: 'https', containerPort: SECURE_PORT, protocol: 'TCP' }],
                resources: containerResources(resolveResources(RESOURCE_PRESETS, props.size, spec.resources)),
                readinessProbe: { ...httpProbe('/readyz', 'https'), httpGet: httpsGet('/readyz') },
                livenessProbe: { ...httpProbe('/livez', 'https'), httpGet: httpsGet('/livez') },
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });

    new ApiObject(this, 'api-service', {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { name: NAME, namespace },
        groupPriorityMinimum: 100,
        versionPriority: 100,
        // metrics-server serves a self-signed certificate from --cert-dir, as its release manifest installs it.
        insecureSkipTLSVerify: true,
      },
    });
  }
}

function httpsGet(path: string): k8s.HttpGetAction {
  return { path, port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' };
}
