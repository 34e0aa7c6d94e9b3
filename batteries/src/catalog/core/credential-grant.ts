import { z } from 'zod';
import { defineInstance } from '../../model/instance.js';

export const CREDENTIAL_GRANT_KIND = 'CredentialGrant';

export const credentialGrantSchema = z
  .object({
    fromNamespaces: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'must be a namespace name' })
          .meta({ description: 'A namespace whose instances may write credentials here.', maxLength: 63 }),
      )
      .min(1)
      .max(64)
      .meta({ description: 'The namespaces whose instances may write credential Secrets into this one.' }),
  })
  .strict()
  .meta({
    description:
      'Consent, given in this namespace, for instances in other namespaces to write their credential Secrets here.',
  });

/**
 * `CredentialGrant` (short name `cgrant`): the operator writes Secrets cluster-wide, so it must not become a way
 * around RBAC. An instance in namespace A writes credentials into namespace B only when B holds a grant naming A —
 * and creating one takes RBAC in B. Renders nothing; instances read the grants by namespace (ADR "tenancy").
 */
export const credentialGrant = defineInstance({
  kind: CREDENTIAL_GRANT_KIND,
  plural: 'credentialgrants',
  shortNames: ['cgrant'],
  battery: 'core',
  description:
    'Consent for instances in the listed namespaces (PostgresCluster users’ credentialNamespaces) to write credential Secrets into this namespace.',
  schema: credentialGrantSchema,
  printerColumns: [
    {
      name: 'From',
      type: 'string',
      jsonPath: '.spec.fromNamespaces',
      description: 'Namespaces allowed to write credentials here.',
    },
  ],
  render: () => ({}),
});
