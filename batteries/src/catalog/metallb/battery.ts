import { ApiObject, Chart } from 'cdk8s';
import { z } from 'zod';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import { podScrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { METALLB_BUNDLE, METALLB_METRICS } from './bundle.js';

export const metallbSchema = z
  .object({
    autoAssign: z.boolean().default(true).meta({
      description:
        'Hand out addresses from the pool to any LoadBalancer Service; when false, only Services that ask for the pool by name get one. Default true.',
    }),
  })
  .strict()
  .meta({
    description:
      'MetalLB load balancers; the address ranges come from the core battery (spec.ipAddressPools).',
  });

/** The pool and advertisement names. */
export const METALLB_POOL = 'default';

/**
 * MetalLB from its upstream release, moved from `metallb-system` into the base namespace (where MetalLB then
 * reads its pools), with the IPAddressPool `default` over the core battery's `ipAddressPools` and an
 * L2Advertisement of it. With no ranges configured, MetalLB runs and hands out nothing.
 */
export const metallb = defineBattery({
  type: 'metallb',
  group: 'net_sec',
  name: 'MetalLB',
  description:
    'Load balancers on bare-metal and Kind clusters: the upstream MetalLB v0.15.3 in the base namespace, announcing the core battery’s IP ranges over L2.',
  dependencies: ['core'],
  integrations: [],
  uninstallable: false,
  shortName: 'mlbb',
  schema: metallbSchema,
  bundles: () => [METALLB_BUNDLE],
  chart: (scope, props) => {
    const chart = new Chart(scope, 'metallb');
    const namespace = props.settings.namespaces.base;
    includeBundle(chart, props.bundle(METALLB_BUNDLE.name), {
      namespaces: { [METALLB_BUNDLE.upstreamNamespace!]: namespace },
      dropNamespaces: true,
      podAnnotations: podScrapeAnnotations(METALLB_METRICS),
    });
    const addresses = props.settings.ipAddressPools;
    if (addresses.length === 0) return chart;
    new ApiObject(chart, 'pool', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: METALLB_POOL, namespace },
      spec: { addresses: [...addresses], autoAssign: props.spec.autoAssign },
    });
    new ApiObject(chart, 'l2', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: METALLB_POOL, namespace },
      spec: { ipAddressPools: [METALLB_POOL] },
    });
    return chart;
  },
});
