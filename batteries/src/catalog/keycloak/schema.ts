import { z } from 'zod';
import { image } from '../../schema/image.js';
import { resourcesSchema } from '../../schema/resources.js';

export const KEYCLOAK_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

export const keycloakSchema = z
  .object({
    image: image('The Keycloak image.', {
      repository: 'ghcr.io/batteries-included/keycloak',
      tag: '26.4.6-6f88865',
    }),
    adminUsername: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,62}$/, { error: 'must be a lower-case user name' })
      .default('batteryadmin')
      .meta({ description: 'The bootstrap administrator of the master realm. Default batteryadmin.' }),
    logLevel: z
      .enum(KEYCLOAK_LOG_LEVELS)
      .default('info')
      .meta({ description: 'Keycloak root log level. Default info.' }),
    replicas: z
      .int()
      .min(1)
      .max(9)
      .default(1)
      .meta({ description: 'Keycloak pods (they form one Infinispan cluster). Default 1.' }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({ description: 'Keycloak: identity and single sign-on, on its own CloudNativePG database.' });

export type KeycloakSpec = z.output<typeof keycloakSchema>;
