import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import { z } from 'zod';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import { podScrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { KNATIVE_SERVING_BUNDLE, KNATIVE_SERVING_METRICS } from './bundle.js';

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
          'The domain Knative services are published under (<service>.<namespace>.<domain>). Unset: the upstream default (svc.cluster.local, reachable inside the cluster only).',
      }),
  })
  .strict()
  .meta({ description: 'Knative Serving: serverless HTTP services.' });

/**
 * Knative Serving from its upstream release, moved from `knative-serving` into the knative namespace, which this
 * battery owns (the upstream Namespace object is replaced by ours). With `domain`, the upstream `config-domain`
 * ConfigMap is replaced by one that publishes services under it.
 */
export const knative = defineBattery({
  type: 'knative',
  group: 'devtools',
  name: 'Knative',
  description:
    'Serverless HTTP services that scale to zero: the upstream Knative Serving 1.20.0 CRDs and core in the knative namespace.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: true,
  shortName: 'knb',
  schema: knativeSchema,
  bundles: () => [KNATIVE_SERVING_BUNDLE],
  chart: (scope, props) => {
    const chart = new Chart(scope, 'knative');
    const namespace = props.settings.namespaces.knative;
    const { domain } = props.spec;
    new k8s.KubeNamespace(chart, 'namespace', {
      metadata: { name: namespace, labels: { 'batteriesincl.com/namespace-role': 'knative' } },
    });
    includeBundle(chart, props.bundle(KNATIVE_SERVING_BUNDLE.name), {
      namespaces: { [KNATIVE_SERVING_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      podAnnotations: podScrapeAnnotations(KNATIVE_SERVING_METRICS),
      exclude: (o) => domain !== undefined && o.kind === 'ConfigMap' && o.metadata.name === CONFIG_DOMAIN,
    });
    if (domain) {
      new k8s.KubeConfigMap(chart, 'config-domain', {
        metadata: { name: CONFIG_DOMAIN, namespace, labels: { 'app.kubernetes.io/name': 'knative-serving' } },
        data: { [domain]: '' },
      });
    }
    return chart;
  },
});
