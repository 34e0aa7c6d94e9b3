import { z } from 'zod';
import { CLUSTER_TYPES, USAGES } from '../model/settings.js';
import { SIZES } from '../schema/resources.js';

/**
 * An install spec: everything `bi start SPEC` needs to create an installation — the cluster to make and the
 * batteries to install with their specs. Home Base serves it (signed, as an ES256 JWS whose payload is this
 * object) at `/api/v1/installations/<id>/spec`; a local file holds it as plain JSON.
 *
 * Battery specs are the same objects a Battery's `spec` holds; each is validated by its battery's schema when
 * the spec is used, so a spec from a newer Home Base with an unknown battery is refused by name.
 */
export const INSTALL_SPEC_VERSION = 'batteriesincl.com/install-spec/v1' as const;

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: 'must be a DNS label: lower-case letters, digits and -',
  })
  .max(63);

/** A JSON Web Key as jose exports it; kept open so the pure core does not depend on jose. */
const jwk = z.record(z.string(), z.unknown()).refine((k) => typeof k.kty === 'string', {
  error: 'must be a JSON Web Key with a kty',
});

export const installSpecSchema = z
  .object({
    apiVersion: z.literal(INSTALL_SPEC_VERSION),
    slug: dnsLabel.meta({ description: 'The installation name; also the Kind cluster name.' }),
    kubeCluster: z
      .object({
        provider: z.enum(CLUSTER_TYPES),
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    usage: z.enum(USAGES).default('development'),
    defaultSize: z.enum(SIZES).default('medium'),
    batteries: z
      .array(
        z
          .object({
            type: dnsLabel,
            spec: z.record(z.string(), z.unknown()).default({}),
          })
          .strict(),
      )
      .min(1, { error: 'an install spec names at least one battery' }),
    /** Present when Home Base made the spec: where the installation reports, and the key it signs reports with. */
    homeBase: z
      .object({
        url: z.url(),
        installationId: z.string().min(1),
        /** The installation's private ES256 key (a secret: the spec is served only until the first report). */
        installationKey: jwk,
      })
      .strict()
      .optional(),
  })
  .strict();

export type InstallSpec = z.output<typeof installSpecSchema>;
export type InstallSpecInput = z.input<typeof installSpecSchema>;
