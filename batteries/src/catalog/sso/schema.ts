import { z } from 'zod';
import { image } from '../../schema/image.js';
import { BATTERY_CLIENT_IDS } from './protected-uis.js';
import { DEFAULT_DOMAIN, hostOf, isInstallationHost } from './hosts.js';

/** The realm every battery's users sign in to (the original's name). */
export const SSO_REALM = 'batterycore';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const httpUrl = (description: string) =>
  z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(:\d+)?(\/[^\s?#]*)?$/, {
      error: 'must be an http(s) URL without query or fragment, e.g. https://grafana.example.com',
    })
    .meta({ description });

/** A client a user service asks for: an OpenID Connect client in the realm and a Secret with its credentials. */
const serviceClient = z
  .object({
    name: z
      .string()
      .regex(DNS_LABEL, { error: 'must be a DNS label: lower-case letters, digits and -' })
      .max(48)
      .refine((name) => !(BATTERY_CLIENT_IDS as readonly string[]).includes(name), {
        error: `collides with a battery's client; names in use: ${BATTERY_CLIENT_IDS.join(', ')}`,
      })
      .meta({ description: 'The client id; the Secret sso-<name> holds its credentials.' }),
    namespace: z.string().regex(DNS_LABEL, { error: 'must be a DNS label' }).max(63).meta({
      description: 'Where the Secret sso-<name> (client-id, client-secret, issuer-url) is written.',
    }),
    redirectUris: z
      .array(httpUrl('A URL Keycloak may send the browser back to after sign-in (a trailing * is allowed).'))
      .min(1)
      .max(16)
      .meta({ description: "Sign-in callback URLs; their hosts must be the installation's hostnames." }),
  })
  .strict();

export const ssoSchema = z
  .object({
    mfa: z.boolean().default(false).meta({
      description:
        'Multi-factor sign-in: every new user sets up a one-time password (TOTP) at first sign-in and is asked for it at every sign-in. Users created before keep their choice. Default false.',
    }),
    oauth2ProxyImage: image(
      'The oauth2-proxy image guarding battery UIs that have no sign-in of their own.',
      {
        repository: 'quay.io/oauth2-proxy/oauth2-proxy',
        tag: 'v7.15.6',
      },
    ),
    domain: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
        error: 'must be a DNS domain such as 127-0-0-1.batrsinc.co',
      })
      .default(DEFAULT_DOMAIN)
      .meta({
        description: `The DNS domain the installation's UIs are reached under (<name>.<domain>). Default ${DEFAULT_DOMAIN}.`,
      }),
    urls: z.record(z.string().regex(DNS_LABEL), httpUrl('The public base URL of this UI.')).default({}).meta({
      description:
        'Public base URLs by host name (control, grafana, notebooks, vmselect, keycloak) where they differ from http://<name>.<domain>. Default none.',
    }),
    clients: z
      .array(serviceClient)
      .max(64)
      .default([])
      .meta({ description: 'OpenID Connect clients user services ask for. Default none.' }),
  })
  .strict()
  .superRefine((spec, context) => {
    const seen = new Set<string>();
    spec.clients.forEach((client, index) => {
      if (seen.has(client.name))
        context.addIssue({
          code: 'custom',
          path: ['clients', index, 'name'],
          message: `duplicates another client's name (${client.name}); client names must be unique`,
          input: client.name,
        });
      seen.add(client.name);
      client.redirectUris.forEach((uri, uriIndex) => {
        if (!isInstallationHost(hostOf(uri), spec))
          context.addIssue({
            code: 'custom',
            path: ['clients', index, 'redirectUris', uriIndex],
            message: `host ${hostOf(uri)} is not one of the installation's hostnames (*.${spec.domain} or a host in spec.urls)`,
            input: uri,
          });
      });
    });
  })
  .meta({
    description:
      'Single sign-on: the Keycloak realm batterycore, an OpenID Connect client per protected battery UI and oauth2-proxy in front of the UIs that have no sign-in of their own.',
  });

export type SsoSpec = z.output<typeof ssoSchema>;
