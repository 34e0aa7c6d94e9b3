import { ApiObject, Chart } from 'cdk8s';
import { ClusterRoleForAccount, RoleForAccount } from '../../kit/rbac.js';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import { includeBundle } from '../../kit/bundle-objects.js';
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
import { TRUST_MANAGER_BUNDLE } from './bundle.js';
import type { TrustManagerSpec } from './schema.js';

export const TRUST_MANAGER = 'trust-manager';
/** The Bundle that carries the platform CA, and the ConfigMap (key `ca.crt`) it writes in every platform namespace. */
export const CA_BUNDLE = 'battery-ca-bundle';
const TLS_SECRET = 'trust-manager-tls';
const WEBHOOK_PORT = 6443;
const METRICS_PORT = 9402;
const READINESS_PORT = 6060;
/** trust-manager's resources per platform size; medium is a twentieth of a core and 64 MiB. */
export const TRUST_MANAGER_PRESETS = scaledPresets({ cpu: 0.05, memoryMi: 64 });

/**
 * trust-manager in the base namespace (its trust namespace, where battery-ca's Secret lives): the `Bundle` CRD from
 * the release, the controller (Deployment with the Debian trust package copied in by an init container), its RBAC,
 * Services, and the webhook's serving certificate from a self-signed Issuer. The Bundle `battery-ca-bundle` writes the
 * platform CA's certificate to a ConfigMap of that name in every namespace the platform manages (label
 * `app.kubernetes.io/managed-by: batteries-included`), so workloads can trust the chain. The admission webhook configuration is left
 * out: it only validates Bundles, and this battery writes the only one.
 */
export class TrustManagerChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<TrustManagerSpec>) {
    super(scope, TRUST_MANAGER);
    const { spec, settings } = props;
    const namespace = settings.namespaces.base;
    const labels = selectorLabels(TRUST_MANAGER);
    includeBundle(this, props.bundle(TRUST_MANAGER_BUNDLE.name));

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: TRUST_MANAGER, namespace } });
    new ClusterRoleForAccount(this, 'cluster-role', {
      name: TRUST_MANAGER,
      namespace: namespace,
      rules: [
        { apiGroups: ['trust.cert-manager.io'], resources: ['bundles'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['trust.cert-manager.io'], resources: ['bundles/finalizers'], verbs: ['update'] },
        { apiGroups: ['trust.cert-manager.io'], resources: ['bundles/status'], verbs: ['patch'] },
        {
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get', 'list', 'create', 'patch', 'watch', 'delete'],
        },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });
    new RoleForAccount(this, 'role', {
      name: TRUST_MANAGER,
      namespace: namespace,
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases'],
          verbs: ['get', 'create', 'update', 'watch', 'list'],
        },
      ],
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: TRUST_MANAGER, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'webhook',
            port: 443,
            targetPort: k8s.IntOrString.fromNumber(WEBHOOK_PORT),
            protocol: 'TCP',
          },
        ],
      },
    });
    new k8s.KubeService(this, 'metrics-service', {
      metadata: { name: `${TRUST_MANAGER}-metrics`, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'metrics',
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromNumber(METRICS_PORT),
            protocol: 'TCP',
          },
        ],
      },
    });
    new ApiObject(this, 'issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: TRUST_MANAGER, namespace },
      spec: { selfSigned: {} },
    });
    new ApiObject(this, 'certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: TRUST_MANAGER, namespace },
      spec: {
        commonName: `${TRUST_MANAGER}.${namespace}.svc`,
        dnsNames: [`${TRUST_MANAGER}.${namespace}.svc`],
        secretName: TLS_SECRET,
        revisionHistoryLimit: 1,
        issuerRef: { name: TRUST_MANAGER, kind: 'Issuer', group: 'cert-manager.io' },
      },
    });

    const resources = containerResources(
      resolveResources(TRUST_MANAGER_PRESETS, settings.defaultSize, undefined),
    );
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: TRUST_MANAGER, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: TRUST_MANAGER,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            initContainers: [
              {
                name: 'cert-manager-package-debian',
                image: imageRef(spec.packageImage),
                imagePullPolicy: 'IfNotPresent',
                args: ['/copyandmaybepause', '/debian-package', '/packages'],
                resources,
                securityContext: restrictedSecurityContext(),
                volumeMounts: [{ name: 'packages', mountPath: '/packages' }],
              },
            ],
            containers: [
              {
                name: TRUST_MANAGER,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '--log-format=text',
                  '--log-level=1',
                  `--metrics-port=${METRICS_PORT}`,
                  `--readiness-probe-port=${READINESS_PORT}`,
                  '--readiness-probe-path=/readyz',
                  '--leader-elect=true',
                  `--leader-election-namespace=${namespace}`,
                  `--trust-namespace=${namespace}`,
                  '--webhook-host=0.0.0.0',
                  `--webhook-port=${WEBHOOK_PORT}`,
                  '--webhook-certificate-dir=/tls',
                  '--default-package-location=/packages/cert-manager-package-debian.json',
                ],
                ports: [
                  { name: 'webhook', containerPort: WEBHOOK_PORT, protocol: 'TCP' },
                  { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                ],
                readinessProbe: httpProbe('/readyz', READINESS_PORT, {
                  initialDelaySeconds: 3,
                  periodSeconds: 7,
                }),
                resources,
                securityContext: restrictedSecurityContext(),
                volumeMounts: [
                  { name: 'tls', mountPath: '/tls', readOnly: true },
                  { name: 'packages', mountPath: '/packages', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'packages', emptyDir: { sizeLimit: k8s.Quantity.fromString('50M') } },
              { name: 'tls', secret: { secretName: TLS_SECRET, defaultMode: 420 } },
            ],
          },
        },
      },
    });

    new ApiObject(this, 'ca-bundle', {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: CA_BUNDLE },
      spec: {
        sources: [{ secret: { name: BATTERY_CA.secret, key: 'ca.crt' } }],
        target: {
          configMap: { key: 'ca.crt' },
          namespaceSelector: {
            matchLabels: { 'app.kubernetes.io/managed-by': 'batteries-included' },
          },
        },
      },
    });
  }
}
