import type { SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';
import { CLIENT_SECRET_KEYS, clientSecretName, PROTECTED_UIS } from './protected-uis.js';
import type { SsoSpec } from './schema.js';

/** The secret material name of a client's secret. */
export function clientSecretMaterial(client: string): string {
  return `client-${client}`;
}

/** The secret material name of an oauth2-proxy's cookie secret. */
export function cookieSecretMaterial(client: string): string {
  return `cookie-${client}`;
}

/**
 * Client secrets (and oauth2-proxy cookie secrets) of the installed protected UIs and of user services' clients,
 * read back from each client's Secret `sso-<client>` or minted by Prepare: 32 alphanumeric characters (190 bits;
 * a cookie secret must be 16, 24 or 32 bytes). Deleting the Secret rotates them: the next pass mints new ones and
 * writes them to Keycloak and the Secret together.
 */
export function ssoSecrets(
  spec: SsoSpec,
  namespaces: PlatformNamespaces,
  isInstalled: (type: string) => boolean,
): SecretRequest[] {
  const request = (name: string, namespace: string, client: string, key: string): SecretRequest => ({
    name,
    secret: { namespace, name: clientSecretName(client), key },
    length: 32,
    alphabet: 'alphanumeric',
  });
  const requests: SecretRequest[] = [];
  for (const ui of PROTECTED_UIS) {
    if (!isInstalled(ui.battery) || ui.isPublicClient) continue;
    const namespace = ui.namespace(namespaces);
    requests.push(
      request(clientSecretMaterial(ui.client), namespace, ui.client, CLIENT_SECRET_KEYS.clientSecret),
    );
    if (ui.guard === 'oauth2-proxy')
      requests.push(
        request(cookieSecretMaterial(ui.client), namespace, ui.client, CLIENT_SECRET_KEYS.cookieSecret),
      );
  }
  for (const client of spec.clients)
    requests.push(
      request(
        clientSecretMaterial(client.name),
        client.namespace,
        client.name,
        CLIENT_SECRET_KEYS.clientSecret,
      ),
    );
  return requests;
}
