import { z } from 'zod';
import { withAdmissionRule } from '../../schema/admission-rule.js';
import { image } from '../../schema/image.js';
import { BATTERY_CLIENT_IDS } from './protected-uis.js';
import { DEFAULT_DOMAIN, hostOf, isInstallationHost } from './hosts.js';

/** The realm every battery's users sign in to (the original's name). */
export const SSO_REALM = 'batterycore';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const httpUrl = (description: string) =>
  z
    .string()
    .max(512)
    .regex(/^https?:\/\/[^\s/?#]+(:\d+)?(\/[^\s?#]*)?$/, {
      error: 'must be an http(s) URL without query or fragment, e.g. https://grafana.example.com',
    })
    .meta({ description });

/** A client a user service asks for: an OpenID Connect client in the realm and a Secret with its credentials. */
const serviceClient = z
  .object({
    name: withAdmissionRule(
      z.string().regex(DNS_LABEL, { error: 'must be a DNS label: lower-case letters, digits and -' }).max(48),
      {
        accepts: (name) => !(BATTERY_CLIENT_IDS as readonly string[]).includes(name),
        cel: `!(self in [${BATTERY_CLIENT_IDS.map((id) => `'${id}'`).join(', ')}])`,
        message: `collides with a battery's client; names in use: ${BATTERY_CLIENT_IDS.join(', ')}`,
        examples: { accepted: ['shop'], refused: ['grafana'] },
      },
    ).meta({ description: 'The client id; the Secret sso-<name> holds its credentials.' }),
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

const ssoFields = z
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
      // Bounded so the API server's cost estimate of the redirect-host rule stays within its budget.
      .max(253)
      .default(DEFAULT_DOMAIN)
      .meta({
        description: `The DNS domain the installation's UIs are reached under (<name>.<domain>). Default ${DEFAULT_DOMAIN}.`,
      }),
    urls: z
      .record(z.string().regex(DNS_LABEL).max(63), httpUrl('The public base URL of this UI.'))
      .default({})
      .meta({
        maxProperties: 16,
        description:
          'Public base URLs by host name (control, grafana, notebooks, vmselect, keycloak) where they differ from http://<name>.<domain>. Default none.',
      }),
    clients: withAdmissionRule(z.array(serviceClient).max(32), {
      accepts: (clients) => new Set(clients.map((client) => client.name)).size === clients.length,
      cel: 'self.all(c, self.exists_one(d, d.name == c.name))',
      message: 'client names must be unique: two clients share a name',
      examples: {
        accepted: [
          [{ name: 'shop', namespace: 'apps', redirectUris: ['http://shop.127-0-0-1.batrsinc.co/cb'] }],
        ],
        refused: [
          [
            { name: 'shop', namespace: 'apps', redirectUris: ['http://shop.127-0-0-1.batrsinc.co/cb'] },
            { name: 'shop', namespace: 'web', redirectUris: ['http://shop.127-0-0-1.batrsinc.co/cb'] },
          ],
        ],
      },
    })
      .default([])
      .meta({ description: 'OpenID Connect clients user services ask for. Default none.' }),
  })
  .strict();

/** The host of a URL in CEL, as `hostOf` reads it: between `://` and the next `/` or `:`, lower-cased. */
const celHost = (url: string) => `${url}.split('/')[2].split(':')[0].lowerAscii()`;

export const ssoSchema = withAdmissionRule(ssoFields, {
  accepts: (spec) =>
    spec.clients.every((client) => client.redirectUris.every((uri) => isInstallationHost(hostOf(uri), spec))),
  cel:
    `!has(self.clients) || self.clients.all(c, c.redirectUris.all(u, ${celHost('u')} == self.domain || ` +
    `${celHost('u')}.endsWith('.' + self.domain) || ` +
    `(has(self.urls) && self.urls.exists(k, ${celHost('self.urls[k]')} == ${celHost('u')}))))`,
  message:
    "every client's redirect URIs must be on the installation's hostnames (*.<domain> or a host in spec.urls)",
  path: ['clients'],
  examples: {
    accepted: [
      {
        domain: '127-0-0-1.batrsinc.co',
        clients: [
          { name: 'shop', namespace: 'apps', redirectUris: ['http://shop.127-0-0-1.batrsinc.co/cb'] },
        ],
      },
    ],
    refused: [
      {
        domain: '127-0-0-1.batrsinc.co',
        clients: [{ name: 'shop', namespace: 'apps', redirectUris: ['https://evil.example.com/cb'] }],
      },
    ],
  },
}).meta({
  description:
    'Single sign-on: the Keycloak realm batterycore, an OpenID Connect client per protected battery UI and oauth2-proxy in front of the UIs that have no sign-in of their own.',
});

export type SsoSpec = z.output<typeof ssoSchema>;
