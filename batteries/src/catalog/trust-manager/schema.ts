import { z } from 'zod';
import { image } from '../../schema/image.js';

export const trustManagerSchema = z
  .object({
    image: image('The trust-manager controller image.', {
      repository: 'quay.io/jetstack/trust-manager',
      tag: 'v0.20.2',
    }),
    packageImage: image('The image that carries the Debian CA package trust-manager can add to bundles.', {
      repository: 'quay.io/jetstack/cert-manager-package-debian',
      tag: '20210119.2',
    }),
  })
  .strict()
  .meta({
    description: "trust-manager: distributes the platform CA's certificate to every platform namespace.",
  });

export type TrustManagerSpec = z.output<typeof trustManagerSchema>;
