import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { z } from 'zod';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import { KNATIVE_SERVING_BUNDLE, NET_GATEWAY_API_BUNDLE } from './bundle.js';
import { CONFIG_GATEWAY, CONFIG_NETWORK, KnativeNetworking, defaultKnativeDomain } from './networking.js';

/** Knative reads its route domains from this ConfigMap; the battery replaces the upstream one when asked. */
const CONFIG_DOMAIN = 'config-domain';

export const knativeSchema = z
  .object({
    domain: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, {
        error: 'must be a DNS domain such as apps.example.com',
      })
      .optional()
      .meta({
        description:
          'The domain Knative services are published under (<service>.<namespace>.<domain>). Unset: webapp.<gateway-ip-with-dashes>.<baseDomain> with the istio-gateway battery installed, else the upstream default (svc.cluster.local, reachable inside the cluster only).',
      }),
  })
  .strict()
  .meta({ description: 'Knative Serving: serverless HTTP services.' });

/**
 * Knative Serving from its upstream release, moved from `knative-serving` into the knative namespace, which this
 * battery owns (the upstream Namespace object is replaced by ours), with net-gateway-api as its networking layer.
 * With the istio-gateway battery, Knative Services get HTTPRoutes on the platform's Gateway under
 * `webapp.<address>.<baseDomain>` (or `domain`), through our `config-network`, `config-gateway` and `config-domain`.
 */
export const knative = defineBattery({
  type: 'knative',
  group: 'devtools',
  name: 'Knative',
  description:
    'Serverless HTTP services that scale to zero: the upstream Knative Serving 1.20.0 CRDs and core in the knative namespace.',
  dependencies: ['core'],
  integrations: ['istio-gateway'],
  uninstallable: true,
  shortName: 'knb',
  schema: knativeSchema,
  bundles: () => [KNATIVE_SERVING_BUNDLE, NET_GATEWAY_API_BUNDLE],
  chart: (scope, props) => {
    const chart = new Chart(scope, 'knative');
    const namespace = props.settings.namespaces.knative;
    const { ingress } = props;
    const domain = props.spec.domain ?? (ingress.hasGateway ? defaultKnativeDomain(ingress) : undefined);
    const replaced = new Set([
      ...(domain !== undefined ? [CONFIG_DOMAIN] : []),
      ...(ingress.hasGateway ? [CONFIG_NETWORK, CONFIG_GATEWAY] : []),
    ]);
    new k8s.KubeNamespace(chart, 'namespace', {
      metadata: { name: namespace, labels: { 'batteriesincl.com/namespace-role': 'knative' } },
    });
    includeBundle(chart, props.bundle(KNATIVE_SERVING_BUNDLE.name), {
      namespaces: { [KNATIVE_SERVING_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      exclude: (o) => o.kind === 'ConfigMap' && replaced.has(o.metadata.name),
    });
    // The networking layer: net-gateway-api, wired to the platform's ingress Gateway when there is one.
    includeBundle(chart, props.bundle(NET_GATEWAY_API_BUNDLE.name), {
      namespaces: { [NET_GATEWAY_API_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      exclude: (o) => o.kind === 'ConfigMap' && replaced.has(o.metadata.name),
    });
    if (ingress.hasGateway) new KnativeNetworking(chart, 'networking', { namespace, ingress });
    if (domain) {
      new k8s.KubeConfigMap(chart, 'config-domain', {
        metadata: { name: CONFIG_DOMAIN, namespace, labels: { 'app.kubernetes.io/name': 'knative-serving' } },
        data: { [domain]: '' },
      });
    }
    return chart;
  },
});
