import type { SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';

/** Where the generated JupyterLab token lives: Secret `jupyterlab-token`, key `token`, in the AI namespace. */
export function tokenSecret(namespace: string): SecretRequest['secret'] {
  return { namespace, name: 'jupyterlab-token', key: 'token' };
}

/** The JupyterLab login token: 48 hex characters (192 bits). */
export function notebooksSecrets(namespaces: PlatformNamespaces): SecretRequest[] {
  return [{ name: 'token', secret: tokenSecret(namespaces.ai), length: 48, alphabet: 'hex' }];
}
