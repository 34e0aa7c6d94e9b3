import { ApiObject, Chart } from 'cdk8s';
import { ClusterRoleForAccount, RoleForAccount } from '../../kit/rbac.js';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { BATTERY_CA } from '../battery-ca/battery.js';
import { ISTIOD } from '../istio/names.js';
import { ISTIO_CSR, ISTIOD_TLS_SECRET } from './names.js';
import type { IstioCsrSpec } from './schema.js';

const GRPC_PORT = 6443;
const METRICS_PORT = 9402;
const READINESS_PORT = 6060;
const ROOT_CA_DIR = '/var/run/secrets/istio-csr';
/** istio-csr's resources per platform size; medium is a twentieth of a core and 64 MiB. */
export const ISTIO_CSR_PRESETS = scaledPresets({ cpu: 0.05, memoryMi: 64 });

/**
 * istio-csr in the base namespace: the mesh's CA. istiod and ztunnel send it certificate signing requests over gRPC
 * (443→6443); it has cert-manager sign them with the ClusterIssuer `battery-ca` (CertificateRequests in the istio
 * namespace) and writes battery-ca's certificate as `istio-ca-root-cert` in every namespace, so every workload in the
 * mesh proves its identity with a certificate chaining to the platform CA. istiod's own serving certificate is the
 * Certificate `istiod` (Secret `istiod-tls`).
 */
export class IstioCsrChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<IstioCsrSpec>) {
    super(scope, 'istio-csr');
    const { spec, settings } = props;
    const namespace = settings.namespaces.base;
    const istioNamespace = settings.namespaces.istio;
    const labels = selectorLabels(ISTIO_CSR);

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: ISTIO_CSR, namespace } });
    new ClusterRoleForAccount(this, 'cluster-role', {
      name: ISTIO_CSR,
      namespace: namespace,
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'create', 'update', 'watch'] },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      ],
    });
    new RoleForAccount(this, 'role', {
      name: ISTIO_CSR,
      namespace: namespace,
      roleNamespace: istioNamespace,
      rules: [
        {
          apiGroups: ['cert-manager.io'],
          resources: ['certificaterequests'],
          verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'],
        },
        { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ['list', 'get', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    });
    new RoleForAccount(this, 'leases-role', {
      name: `${ISTIO_CSR}-leases`,
      account: ISTIO_CSR,
      namespace: namespace,
      rules: [
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'create', 'update', 'watch', 'list'],
        },
        { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      ],
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: ISTIO_CSR, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'web',
            port: 443,
            targetPort: k8s.IntOrString.fromNumber(GRPC_PORT),
            protocol: 'TCP',
            appProtocol: 'grpc',
          },
          {
            name: 'metrics',
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromNumber(METRICS_PORT),
            protocol: 'TCP',
          },
        ],
      },
    });

    new ApiObject(this, 'istiod-certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: ISTIOD, namespace: istioNamespace },
      spec: {
        commonName: `${ISTIOD}.${istioNamespace}.svc`,
        dnsNames: [`${ISTIOD}.${istioNamespace}.svc`, `${ISTIOD}.${istioNamespace}.svc.cluster.local`],
        uris: [`spiffe://cluster.local/ns/${istioNamespace}/sa/${ISTIOD}`],
        secretName: ISTIOD_TLS_SECRET,
        duration: '1h',
        renewBefore: '30m',
        privateKey: { algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' },
        revisionHistoryLimit: 1,
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: BATTERY_CA.clusterIssuer },
      },
    });

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: ISTIO_CSR, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: ISTIO_CSR,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: ISTIO_CSR,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '--log-level=1',
                  `--metrics-port=${METRICS_PORT}`,
                  `--readiness-probe-port=${READINESS_PORT}`,
                  '--readiness-probe-path=/readyz',
                  `--certificate-namespace=${istioNamespace}`,
                  '--issuer-enabled=true',
                  `--issuer-name=${BATTERY_CA.clusterIssuer}`,
                  '--issuer-kind=ClusterIssuer',
                  '--issuer-group=cert-manager.io',
                  '--preserve-certificate-requests=false',
                  `--root-ca-file=${ROOT_CA_DIR}/ca.pem`,
                  `--serving-certificate-dns-names=${ISTIO_CSR}.${namespace}.svc`,
                  '--serving-certificate-duration=1h',
                  '--trust-domain=cluster.local',
                  '--cluster-id=Kubernetes',
                  `--max-client-certificate-duration=${spec.certificateDuration}`,
                  `--serving-address=0.0.0.0:${GRPC_PORT}`,
                  `--leader-election-namespace=${namespace}`,
                  '--istiod-cert-enabled=false',
                ],
                ports: [
                  { name: 'grpc', containerPort: GRPC_PORT, protocol: 'TCP' },
                  { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                ],
                readinessProbe: httpProbe('/readyz', READINESS_PORT, {
                  initialDelaySeconds: 3,
                  periodSeconds: 7,
                }),
                resources: containerResources(
                  resolveResources(ISTIO_CSR_PRESETS, settings.defaultSize, undefined),
                ),
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_DIR, readOnly: true }],
              },
            ],
            // The platform CA's certificate is the mesh's root of trust.
            volumes: [
              {
                name: 'root-ca',
                secret: { secretName: BATTERY_CA.secret, items: [{ key: 'ca.crt', path: 'ca.pem' }] },
              },
            ],
          },
        },
      },
    });
  }
}
