import { z } from 'zod';
import { image } from '../../schema/image.js';

export const kialiSchema = z
  .object({
    image: image('The Kiali server image.', { repository: 'quay.io/kiali/kiali', tag: 'v2.19.0' }),
    viewOnly: z.boolean().default(false).meta({
      description:
        'Show the mesh without letting users change Istio configuration from Kiali. Default false.',
    }),
  })
  .strict()
  .meta({ description: 'Kiali: the service mesh console.' });

export type KialiSpec = z.output<typeof kialiSchema>;
