import { z } from 'zod';
import { image } from '../../schema/image.js';

export const istioCsrSchema = z
  .object({
    image: image('The istio-csr image.', {
      repository: 'quay.io/jetstack/cert-manager-istio-csr',
      tag: 'v0.14.3',
    }),
    certificateDuration: z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(16)
      .regex(/^([0-9]+h)?([0-9]+m)?$/, { error: 'must be a Go duration in hours and minutes, e.g. 1h' })
      .default('1h')
      .meta({ description: 'The longest a workload certificate may live (Go duration). Default 1h.' }),
  })
  .strict()
  .meta({ description: "istio-csr: the mesh's certificate authority, backed by battery-ca." });

export type IstioCsrSpec = z.output<typeof istioCsrSchema>;
