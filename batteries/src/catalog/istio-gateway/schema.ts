import { z } from 'zod';
import { image } from '../../schema/image.js';
import { ISTIO_TAG } from '../istio/schema.js';

export const istioGatewaySchema = z
  .object({
    proxyImage: image('The gateway proxy (Envoy) image.', {
      repository: 'docker.io/istio/proxyv2',
      tag: ISTIO_TAG,
    }),
    serviceType: z.enum(['LoadBalancer', 'NodePort', 'ClusterIP']).default('LoadBalancer').meta({
      description:
        'How the gateway Service is exposed. LoadBalancer (default) gets an address from MetalLB on Kind or the cloud elsewhere; battery hostnames use it.',
    }),
  })
  .strict()
  .meta({ description: 'The ingress gateway: Gateway istio-ingressgateway and its proxy.' });

export type IstioGatewaySpec = z.output<typeof istioGatewaySchema>;
