import { Chart } from 'cdk8s';
import { z } from 'zod';
import { includeBundle } from '../../kit/bundle-objects.js';
import { defineBattery } from '../../model/battery.js';
import type { UpstreamBundle } from '../../model/bundle.js';

export const GATEWAY_API_CHANNELS = ['standard', 'experimental'] as const;
export type GatewayApiChannel = (typeof GATEWAY_API_CHANNELS)[number];

/** The Gateway API v1.3.0 release (the one the original pins), per channel: CRDs only. */
export function gatewayApiBundle(channel: GatewayApiChannel): UpstreamBundle {
  return {
    name: channel === 'standard' ? 'gateway-api' : 'gateway-api-experimental',
    version: 'v1.3.0',
    urls: [`https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/${channel}-install.yaml`],
  };
}

export const gatewayApiSchema = z
  .object({
    channel: z.enum(GATEWAY_API_CHANNELS).default('standard').meta({
      description:
        'Which release channel to install: standard (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant) or experimental (adds TCPRoute, TLSRoute, UDPRoute, BackendTLSPolicy). Default standard.',
    }),
  })
  .strict()
  .meta({ description: 'The Kubernetes Gateway API CRDs.' });

/** The Gateway API CRDs from the upstream release, which routes and gateways of other batteries use. */
export const gatewayApi = defineBattery({
  type: 'gateway-api',
  group: 'net_sec',
  name: 'Gateway API',
  description:
    'The Kubernetes Gateway API CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute, ReferenceGrant; more on the experimental channel) from the upstream v1.3.0 release.',
  dependencies: [],
  integrations: [],
  uninstallable: false,
  shortName: 'gwapib',
  schema: gatewayApiSchema,
  bundles: (spec) => [gatewayApiBundle(spec.channel)],
  chart: (scope, props) => {
    const chart = new Chart(scope, 'gateway-api');
    includeBundle(chart, props.bundle(gatewayApiBundle(props.spec.channel).name));
    return chart;
  },
});
