import { z } from 'zod';
import { image } from '../../schema/image.js';

/** Istio's release: every image of the ambient mesh shares its tag. */
export const ISTIO_TAG = '1.28.1-distroless';

export const istioSchema = z
  .object({
    pilotImage: image('The istiod (pilot) image.', { repository: 'docker.io/istio/pilot', tag: ISTIO_TAG }),
    cniImage: image('The Istio CNI node agent image.', {
      repository: 'docker.io/istio/install-cni',
      tag: ISTIO_TAG,
    }),
    ztunnelImage: image('The ztunnel (ambient node proxy) image.', {
      repository: 'docker.io/istio/ztunnel',
      tag: ISTIO_TAG,
    }),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info').meta({
      description: 'Log level of istiod and ztunnel. Default info.',
    }),
  })
  .strict()
  .meta({ description: 'Istio in ambient mode: istiod, the CNI node agent and ztunnel.' });

export type IstioSpec = z.output<typeof istioSchema>;
