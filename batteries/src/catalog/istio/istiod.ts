import { k8s } from 'cdk8s-plus-33';
import { istioTokenVolume } from './names.js';
import { ClusterRoleForAccount, RoleForAccount, CpuAutoscaler } from '../../kit/rbac.js';
import { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { PlatformSettings } from '../../model/settings.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { ISTIOD_TLS_SECRET, istioCsrAddress } from '../istio-csr/names.js';
import {
  ISTIOD,
  ISTIOD_MONITORING_PORT,
  ISTIOD_XDS_PORT,
  MESH_CONFIG,
  ROOT_CERT_CONFIGMAP,
  istiodAddress,
} from './names.js';
import type { IstioSpec } from './schema.js';

/** istiod's resources per platform size; medium is half a core and 2 GiB, as upstream's default. */
export const ISTIOD_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 2048 });

export interface IstiodProps {
  readonly spec: IstioSpec;
  readonly settings: PlatformSettings;
  /** istio-csr signs workload certificates (from battery-ca) instead of istiod's own CA. */
  readonly hasExternalCa: boolean;
}

const port = (name: string, value: number, target = value): k8s.ServicePort => ({
  name,
  port: value,
  targetPort: k8s.IntOrString.fromNumber(target),
  protocol: 'TCP',
});

/**
 * istiod for the ambient mesh (upstream's `istiod` chart, ambient profile): the mesh ConfigMap `istio`, the
 * Deployment and Service `istiod` (xDS 15010/15012, webhooks 443→15017, monitoring 15014), its HPA, and RBAC.
 * With istio-csr it stops being a CA: workload certificates come from istio-csr (battery-ca), and istiod serves
 * with the certificate istio-csr keeps in `istiod-tls`.
 */
export class Istiod extends Construct {
  constructor(scope: Construct, id: string, props: IstiodProps) {
    super(scope, id);
    const { spec, settings, hasExternalCa } = props;
    const namespace = settings.namespaces.istio;
    const labels = { ...selectorLabels(ISTIOD), istio: 'pilot' };

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: ISTIOD, namespace } });
    // A fixed name: the operator's RBAC names the ClusterRoles it may grant, whatever the namespaces are called.
    const clusterRole = ISTIOD;
    new ClusterRoleForAccount(this, 'cluster-role', {
      name: clusterRole,
      account: ISTIOD,
      namespace: namespace,
      rules: [
        {
          apiGroups: ['admissionregistration.k8s.io'],
          resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
          verbs: ['get', 'list', 'watch', 'update', 'patch'],
        },
        {
          apiGroups: [
            'config.istio.io',
            'security.istio.io',
            'networking.istio.io',
            'authentication.istio.io',
            'rbac.istio.io',
            'telemetry.istio.io',
            'extensions.istio.io',
          ],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', 'update', 'patch', 'create', 'delete'],
        },
        {
          apiGroups: ['gateway.networking.k8s.io'],
          resources: ['*'],
          verbs: ['get', 'list', 'watch', 'update', 'patch', 'create', 'delete'],
        },
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: [''],
          resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints'],
          verbs: ['get', 'list', 'watch'],
        },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
        {
          apiGroups: ['certificates.k8s.io'],
          resources: [
            'certificatesigningrequests',
            'certificatesigningrequests/approval',
            'certificatesigningrequests/status',
          ],
          verbs: ['update', 'create', 'get', 'delete', 'watch'],
        },
        {
          apiGroups: [''],
          resources: ['serviceaccounts', 'services'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
        },
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });
    new RoleForAccount(this, 'role', {
      name: ISTIOD,
      namespace: namespace,
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['create', 'get', 'watch', 'list', 'update', 'delete'],
        },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'update', 'patch', 'create'],
        },
      ],
    });

    const caAddress = hasExternalCa
      ? istioCsrAddress(settings.namespaces)
      : istiodAddress(settings.namespaces);
    new k8s.KubeConfigMap(this, 'mesh', {
      metadata: { name: MESH_CONFIG, namespace },
      data: {
        // The mesh configuration as upstream's chart writes it: YAML inside the ConfigMap (JSON is YAML).
        mesh: JSON.stringify({
          rootNamespace: namespace,
          trustDomain: 'cluster.local',
          defaultConfig: {
            discoveryAddress: istiodAddress(settings.namespaces),
            ...(hasExternalCa ? { caAddress } : {}),
          },
          enablePrometheusMerge: true,
        }),
        meshNetworks: 'networks: {}',
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: {
        name: ISTIOD,
        namespace,
        labels: { istio: 'pilot' },
        annotations: scrapeAnnotations({ port: ISTIOD_MONITORING_PORT }),
      },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          port('grpc-xds', 15010),
          port('https-dns', ISTIOD_XDS_PORT),
          port('https-webhook', 443, 15017),
          port('http-monitoring', ISTIOD_MONITORING_PORT),
        ],
      },
    });

    const env: k8s.EnvVar[] = [
      { name: 'REVISION', value: 'default' },
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      {
        name: 'POD_NAMESPACE',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
      },
      {
        name: 'SERVICE_ACCOUNT',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.serviceAccountName' } },
      },
      { name: 'PILOT_ENABLE_AMBIENT', value: 'true' },
      { name: 'CA_TRUSTED_NODE_ACCOUNTS', value: `${namespace}/ztunnel` },
      { name: 'ISTIOD_CUSTOM_HOST', value: `${ISTIOD}.${namespace}.svc` },
      { name: 'PILOT_ENABLE_GATEWAY_API', value: 'true' },
      { name: 'PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER', value: 'true' },
      { name: 'ENABLE_CA_SERVER', value: hasExternalCa ? 'false' : 'true' },
    ];
    const args = [
      'discovery',
      `--monitoringAddr=:${ISTIOD_MONITORING_PORT}`,
      `--log_output_level=default:${spec.logLevel}`,
      '--domain',
      'cluster.local',
      '--keepaliveMaxServerConnectionAge',
      '30m',
    ];
    const volumeMounts: k8s.VolumeMount[] = [
      { name: 'local-certs', mountPath: '/var/run/secrets/istio-dns' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
      { name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true },
    ];
    const volumes: k8s.Volume[] = [
      { name: 'local-certs', emptyDir: { medium: 'Memory' } },
      istioTokenVolume(),
      { name: 'cacerts', secret: { secretName: 'cacerts', optional: true } },
    ];
    if (hasExternalCa) {
      // istio-csr's certificate for istiod, and the root every workload trusts (istio-csr writes the ConfigMap).
      args.push(
        '--tlsCertFile=/etc/cert-manager/tls/tls.crt',
        '--tlsKeyFile=/etc/cert-manager/tls/tls.key',
        '--caCertFile=/etc/cert-manager/ca/root-cert.pem',
      );
      volumeMounts.push(
        { name: 'cert-manager', mountPath: '/etc/cert-manager/tls', readOnly: true },
        { name: 'ca-root-cert', mountPath: '/etc/cert-manager/ca', readOnly: true },
      );
      volumes.push(
        { name: 'cert-manager', secret: { secretName: ISTIOD_TLS_SECRET } },
        { name: 'ca-root-cert', configMap: { name: ROOT_CERT_CONFIGMAP, defaultMode: 420 } },
      );
    }

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: ISTIOD, namespace, labels: { istio: 'pilot' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
            annotations: { 'ambient.istio.io/redirection': 'disabled' },
          },
          spec: {
            serviceAccountName: ISTIOD,
            containers: [
              {
                name: 'discovery',
                image: imageRef(spec.pilotImage),
                imagePullPolicy: 'IfNotPresent',
                args,
                env,
                ports: [
                  { name: 'http-debug', containerPort: 8080, protocol: 'TCP' },
                  { name: 'grpc-xds', containerPort: 15010, protocol: 'TCP' },
                  { name: 'https-dns', containerPort: ISTIOD_XDS_PORT, protocol: 'TCP' },
                  { name: 'https-webhook', containerPort: 15017, protocol: 'TCP' },
                  { name: 'http-monitoring', containerPort: ISTIOD_MONITORING_PORT, protocol: 'TCP' },
                ],
                readinessProbe: httpProbe('/ready', 8080, { initialDelaySeconds: 1, periodSeconds: 3 }),
                resources: containerResources(
                  resolveResources(ISTIOD_PRESETS, settings.defaultSize, undefined),
                ),
                securityContext: restrictedSecurityContext(),
                volumeMounts,
              },
            ],
            volumes,
          },
        },
      },
    });

    new CpuAutoscaler(this, 'autoscaler', { name: ISTIOD, namespace });
  }
}
