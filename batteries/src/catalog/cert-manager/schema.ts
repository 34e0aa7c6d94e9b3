import { z } from 'zod';

export const certManagerSchema = z
  .object({
    email: z.email({ error: 'must be an e-mail address' }).optional().meta({
      description:
        "Contact address given to Let's Encrypt for expiry notices on the ACME ClusterIssuers. Optional.",
    }),
    acmeIssuers: z.boolean().default(true).meta({
      description:
        'Generate the ClusterIssuers lets-encrypt and lets-encrypt-stage (ACME, HTTP-01 through the istio-ingressgateway Gateway). Default true.',
    }),
  })
  .strict()
  .meta({ description: 'cert-manager: the upstream operator and ACME ClusterIssuers.' });

export type CertManagerSpec = z.output<typeof certManagerSchema>;
