import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { z } from 'zod';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import { KNATIVE_SERVING_BUNDLE, KNATIVE_SERVING_METRICS, NET_GATEWAY_API_BUNDLE } from './bundle.js';
import { knativeDomain } from './domain.js';
import { knativeService } from './knative-service/instance.js';
import { CONFIG_GATEWAY, CONFIG_NETWORK, KnativeNetworking } from './networking.js';
import { podScrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';

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
          'The domain Knative services are published under (<service>.<namespace>.<domain>). Default webapp.<gateway address with dashes>.<core baseDomain>, as the original.',
      }),
  })
  .strict()
  .meta({ description: 'Knative Serving: serverless HTTP services.' });

/**
 * Knative Serving from its upstream release, moved from `knative-serving` into the knative namespace, which this
 * battery owns (the upstream Namespace object is replaced by ours), with net-gateway-api as its networking layer.
 * Services are published under `domain` (default `webapp.<address>.<baseDomain>`, as the original) through our
 * `config-domain`; with the istio-gateway battery, Knative Services get HTTPRoutes on the platform's Gateway through
 * our `config-network` and `config-gateway`. Renders the `KnativeService` instances.
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
    const domain = knativeDomain(props.spec.domain, ingress);
    const replaced = new Set([
      CONFIG_DOMAIN,
      ...(ingress.hasGateway ? [CONFIG_NETWORK, CONFIG_GATEWAY] : []),
    ]);
    new k8s.KubeNamespace(chart, 'namespace', {
      metadata: { name: namespace, labels: { 'batteriesincl.com/namespace-role': 'knative' } },
    });
    includeBundle(chart, props.bundle(KNATIVE_SERVING_BUNDLE.name), {
      namespaces: { [KNATIVE_SERVING_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      podAnnotations: podScrapeAnnotations(KNATIVE_SERVING_METRICS),
      exclude: (o) => o.kind === 'ConfigMap' && replaced.has(o.metadata.name),
    });
    // The networking layer: net-gateway-api, wired to the platform's ingress Gateway when there is one.
    includeBundle(chart, props.bundle(NET_GATEWAY_API_BUNDLE.name), {
      namespaces: { [NET_GATEWAY_API_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      exclude: (o) => o.kind === 'ConfigMap' && replaced.has(o.metadata.name),
    });
    if (ingress.hasGateway) new KnativeNetworking(chart, 'networking', { namespace, ingress });
    new k8s.KubeConfigMap(chart, 'config-domain', {
      metadata: { name: CONFIG_DOMAIN, namespace, labels: { 'app.kubernetes.io/name': 'knative-serving' } },
      data: { [domain]: '' },
    });
    return chart;
  },
  instances: [knativeService],
});
