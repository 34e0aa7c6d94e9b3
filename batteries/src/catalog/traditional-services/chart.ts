import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { BatteryChartProps } from '../../model/battery.js';
import { ingressRules } from './network-policy.js';
import type { TraditionalServicesSpec } from './schema.js';

/** The ServiceAccount traditional services run as unless they bring their own. */
export const SERVICE_ACCOUNT_NAME = 'traditional-services';
const NAME = 'traditional-services';

/**
 * The namespace that traditional (long-running) services will run in, prepared with restrictive defaults:
 *
 * - the Namespace (`settings.namespaces.traditional`) with Pod Security admission labels: `enforce` at the
 *   spec's level, `warn` and `audit` at restricted; in the Istio ambient mesh when istio is installed;
 * - the ServiceAccount `traditional-services`, which does not mount an API token (services get no API
 *   access unless someone grants it);
 * - a ResourceQuota and a LimitRange `traditional-services` when enabled;
 * - the NetworkPolicy `traditional-services-ingress` when enabled: inbound traffic only from the namespace
 *   itself, the core namespace when victoria-metrics is installed (scraping), the istio namespace when
 *   istio is installed (the ingress gateway) and the spec's extra namespaces.
 *
 * The services themselves come later, from namespaced resources.
 */
export class TraditionalServicesChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<TraditionalServicesSpec>) {
    super(scope, 'traditional-services');
    const { spec, settings } = props;
    const namespace = settings.namespaces.traditional;
    const isMeshed = props.isInstalled('istio');

    const labels: Record<string, string> = {
      'batteriesincl.com/namespace-role': 'traditional',
      'pod-security.kubernetes.io/enforce': spec.podSecurity,
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    };
    if (isMeshed) labels['istio.io/dataplane-mode'] = 'ambient';
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: namespace, labels } });

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: SERVICE_ACCOUNT_NAME, namespace },
      automountServiceAccountToken: false,
    });

    if (spec.quota.enabled) {
      const { quota } = spec;
      new k8s.KubeResourceQuota(this, 'quota', {
        metadata: { name: NAME, namespace },
        spec: {
          hard: {
            'requests.cpu': k8s.Quantity.fromString(quota.requestsCpu),
            'requests.memory': k8s.Quantity.fromString(quota.requestsMemory),
            'limits.memory': k8s.Quantity.fromString(quota.limitsMemory),
            'requests.storage': k8s.Quantity.fromString(quota.requestsStorage),
            pods: k8s.Quantity.fromString(String(quota.pods)),
            persistentvolumeclaims: k8s.Quantity.fromString(String(quota.persistentVolumeClaims)),
          },
        },
      });
    }

    if (spec.containerDefaults.enabled) {
      const defaults = spec.containerDefaults;
      new k8s.KubeLimitRange(this, 'limit-range', {
        metadata: { name: NAME, namespace },
        spec: {
          limits: [
            {
              type: 'Container',
              defaultRequest: {
                cpu: k8s.Quantity.fromString(defaults.cpuRequest),
                memory: k8s.Quantity.fromString(defaults.memoryRequest),
              },
              default: { memory: k8s.Quantity.fromString(defaults.memoryLimit) },
            },
          ],
        },
      });
    }

    if (spec.networkPolicy.enabled) {
      const platform = [
        ...(props.isInstalled('victoria-metrics') ? [settings.namespaces.core] : []),
        ...(isMeshed ? [settings.namespaces.istio] : []),
      ];
      new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: { name: `${NAME}-ingress`, namespace },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: ingressRules({
            namespaces: [...platform, ...spec.networkPolicy.allowFromNamespaces],
            isMeshed,
          }),
        },
      });
    }
  }
}
