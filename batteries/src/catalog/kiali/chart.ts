import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { hostUrl } from '../../kit/ingress/gateway.js';
import { ClusterRoleForAccount } from '../../kit/rbac.js';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps, SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { victoriaMetricsUrl } from '../victoria-metrics/endpoints.js';
import type { KialiSpec } from './schema.js';

export const KIALI = 'kiali';
export const KIALI_PORT = 20001;
const METRICS_PORT = 9090;
const SIGNING_KEY_SECRET = 'kiali-signing-key';
/** The image's non-root user. */
const USER_ID = 1000;
/** Kiali's resources per platform size; medium is a tenth of a core and 256 MiB. */
export const KIALI_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 256 });

/** The key Kiali signs login tokens with: 32 letters and digits, read back from `kiali-signing-key`. */
export function signingKeyRequest(namespaces: Pick<PlatformNamespaces, 'istio'>): SecretRequest {
  return {
    name: 'login-signing-key',
    secret: { namespace: namespaces.istio, name: SIGNING_KEY_SECRET, key: 'key' },
    length: 32,
    alphabet: 'alphanumeric',
  };
}

/**
 * Kiali in the istio namespace: the Deployment and Service `kiali` (20001, metrics 9090), its configuration in the
 * ConfigMap `kiali` (metrics from VictoriaMetrics, dashboards linked to Grafana's host, token login), the signing key
 * Secret, and a ClusterRole that reads the mesh (and, unless `viewOnly`, edits Istio configuration).
 */
export class KialiChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<KialiSpec>) {
    super(scope, KIALI);
    const { spec, settings, ingress } = props;
    const namespace = settings.namespaces.istio;
    const labels = selectorLabels(KIALI);
    const signingKey = signingKeyRequest(settings.namespaces);

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: KIALI, namespace } });
    const editVerbs = spec.viewOnly ? [] : ['create', 'delete', 'patch', 'update'];
    new ClusterRoleForAccount(this, 'cluster-role', {
      name: KIALI,
      namespace,
      rules: [
        {
          apiGroups: [''],
          resources: [
            'configmaps',
            'endpoints',
            'pods',
            'pods/log',
            'namespaces',
            'nodes',
            'services',
            'replicationcontrollers',
          ],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: [
            'networking.istio.io',
            'security.istio.io',
            'telemetry.istio.io',
            'extensions.istio.io',
            'gateway.networking.k8s.io',
          ],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', ...editVerbs],
        },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] },
      ],
    });
    new k8s.KubeSecret(this, 'signing-key', {
      metadata: { name: signingKey.secret.name, namespace },
      type: 'Opaque',
      stringData: { [signingKey.secret.key]: props.secret(signingKey.name) },
    });

    const grafana = ingress.hosts.find((host) => host.name === 'grafana');
    const config = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: KIALI, namespace },
      data: {
        // Kiali reads YAML; JSON is YAML, and keeps this free of a YAML writer.
        'config.yaml': JSON.stringify({
          auth: { strategy: 'token' },
          deployment: { namespace, view_only_mode: spec.viewOnly, cluster_wide_access: true },
          istio_namespace: namespace,
          istio_labels: { app_label_name: 'app.kubernetes.io/name' },
          server: {
            port: KIALI_PORT,
            web_root: '/',
            observability: { metrics: { enabled: true, port: METRICS_PORT } },
          },
          external_services: {
            istio: { root_namespace: namespace, istiod_deployment_name: 'istiod' },
            prometheus: { url: victoriaMetricsUrl(settings.namespaces) },
            grafana: {
              enabled: true,
              internal_url: `http://grafana.${settings.namespaces.core}.svc:3000`,
              ...(grafana ? { external_url: hostUrl(ingress, grafana) } : {}),
            },
            tracing: { enabled: false },
          },
        }),
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: KIALI, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'http',
            port: KIALI_PORT,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
            appProtocol: 'http',
          },
          {
            name: 'http-metrics',
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromString('http-metrics'),
            protocol: 'TCP',
          },
        ],
      },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: KIALI, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: KIALI,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: KIALI,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                command: ['/opt/kiali/kiali', '-config', '/kiali-configuration/config.yaml'],
                env: [
                  { name: 'ACTIVE_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  {
                    name: 'LOGIN_TOKEN_SIGNING_KEY',
                    valueFrom: { secretKeyRef: { name: signingKey.secret.name, key: signingKey.secret.key } },
                  },
                ],
                ports: [
                  { name: 'http', containerPort: KIALI_PORT, protocol: 'TCP' },
                  { name: 'http-metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                ],
                readinessProbe: httpProbe('/kiali/healthz', 'http'),
                livenessProbe: httpProbe('/kiali/healthz', 'http', { initialDelaySeconds: 10 }),
                resources: containerResources(
                  resolveResources(KIALI_PRESETS, settings.defaultSize, undefined),
                ),
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: 'config', mountPath: '/kiali-configuration', readOnly: true }],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: config.name } }],
          },
        },
      },
    });
  }
}
