import { Chart } from 'cdk8s';
import { istioTokenVolume } from '../istio/names.js';
import { RoleForAccount, CpuAutoscaler } from '../../kit/rbac.js';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { INGRESS_GATEWAY } from '../../kit/ingress/gateway.js';
import { containerResources, restrictedSecurityContext } from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { istiodAddress } from '../istio/names.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { IngressGateway } from './gateway.js';
import { GATEWAY_PORTS, METRICS_PORT, STATUS_PORT } from './ports.js';
import type { IstioGatewaySpec } from './schema.js';
import { Waypoints, waypointNamespaces } from './waypoints.js';

/** The proxy's resources per platform size; medium is a tenth of a core and 128 MiB, as upstream's gateway chart. */
export const GATEWAY_PRESETS = scaledPresets({ cpu: 0.1, memoryMi: 128 });

/** The proxy runs as Istio's proxy user. */
const PROXY_USER = 1337;

const fieldEnv = (name: string, fieldPath: string): k8s.EnvVar => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
});

/**
 * The ingress gateway in the istio namespace, deployed by us (not provisioned by istiod) so its Service is ours: the
 * LoadBalancer Service `istio-ingressgateway` (ssh 2202, http2 80→8080, https 443→8443), the proxy Deployment with
 * its HPA, ServiceAccount and the Role that lets it read certificate Secrets, and the Gateway (see `IngressGateway`).
 * The Service's load-balancer address is what battery hostnames are made of.
 */
export class IstioGatewayChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<IstioGatewaySpec>) {
    super(scope, 'istio-gateway');
    const { spec, settings, ingress } = props;
    const namespace = settings.namespaces.istio;
    const labels = { app: INGRESS_GATEWAY, istio: 'ingressgateway' };

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: INGRESS_GATEWAY, namespace } });
    new RoleForAccount(this, 'role', {
      name: INGRESS_GATEWAY,
      namespace: namespace,
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });

    const servicePort = (name: string, port: number, targetPort: number): k8s.ServicePort => ({
      name,
      port,
      targetPort: k8s.IntOrString.fromNumber(targetPort),
      protocol: 'TCP',
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: INGRESS_GATEWAY, namespace, labels },
      spec: {
        type: spec.serviceType,
        selector: labels,
        ports: [
          servicePort('ssh', GATEWAY_PORTS.ssh.port, GATEWAY_PORTS.ssh.targetPort),
          servicePort('http2', GATEWAY_PORTS.http.port, GATEWAY_PORTS.http.targetPort),
          servicePort('https', GATEWAY_PORTS.https.port, GATEWAY_PORTS.https.targetPort),
        ],
      },
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: INGRESS_GATEWAY, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels: {
              ...labels,
              'sidecar.istio.io/inject': 'false',
              'service.istio.io/canonical-name': INGRESS_GATEWAY,
            },
            annotations: { ...scrapeAnnotations({ port: METRICS_PORT, path: '/stats/prometheus' }) },
          },
          spec: {
            serviceAccountName: INGRESS_GATEWAY,
            securityContext: {
              runAsUser: PROXY_USER,
              runAsGroup: PROXY_USER,
              runAsNonRoot: true,
              fsGroup: PROXY_USER,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'istio-proxy',
                image: imageRef(spec.proxyImage),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  'proxy',
                  'router',
                  '--domain',
                  '$(POD_NAMESPACE).svc.cluster.local',
                  '--proxyLogLevel=warning',
                  '--log_output_level=default:info',
                ],
                env: [
                  { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
                  { name: 'CA_ADDR', value: istiodAddress(settings.namespaces) },
                  fieldEnv('NODE_NAME', 'spec.nodeName'),
                  fieldEnv('POD_NAME', 'metadata.name'),
                  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
                  fieldEnv('INSTANCE_IP', 'status.podIP'),
                  fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
                  { name: 'ISTIO_META_WORKLOAD_NAME', value: INGRESS_GATEWAY },
                  { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
                ],
                ports: [
                  { name: 'http-envoy-prom', containerPort: METRICS_PORT, protocol: 'TCP' },
                  { name: 'status-port', containerPort: STATUS_PORT, protocol: 'TCP' },
                  { name: 'ssh', containerPort: GATEWAY_PORTS.ssh.targetPort, protocol: 'TCP' },
                  { name: 'http2', containerPort: GATEWAY_PORTS.http.targetPort, protocol: 'TCP' },
                  { name: 'https', containerPort: GATEWAY_PORTS.https.targetPort, protocol: 'TCP' },
                ],
                readinessProbe: {
                  httpGet: { path: '/healthz/ready', port: k8s.IntOrString.fromNumber(STATUS_PORT) },
                  periodSeconds: 15,
                  failureThreshold: 4,
                },
                resources: containerResources(
                  resolveResources(GATEWAY_PRESETS, settings.defaultSize, undefined),
                ),
                securityContext: restrictedSecurityContext({ readOnlyRootFilesystem: false }),
                volumeMounts: [
                  { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
                  { name: 'istio-data', mountPath: '/var/lib/istio/data' },
                  { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
                  { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
                ],
              },
            ],
            volumes: [
              { name: 'istio-envoy', emptyDir: {} },
              { name: 'istio-data', emptyDir: {} },
              istioTokenVolume(),
              { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
            ],
          },
        },
      },
    });
    new CpuAutoscaler(this, 'autoscaler', { name: INGRESS_GATEWAY, namespace });

    new IngressGateway(this, 'gateway', ingress);
    new Waypoints(this, 'waypoints', waypointNamespaces(settings.namespaces, props.isInstalled));
  }
}
