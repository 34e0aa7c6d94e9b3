import type { SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';

/** The Secret holding Grafana's administrator login, in the core namespace. */
export const ADMIN_SECRET_NAME = 'grafana-admin';

/** Keys of the admin Secret. */
export const ADMIN_SECRET_KEYS = { user: 'admin-user', password: 'admin-password' } as const;

/**
 * The generated administrator password: 32 letters and digits, stored under `admin-password` in the
 * Secret `grafana-admin`, where Prepare reads it back so it never changes by itself.
 */
export function adminPasswordRequest(namespaces: Pick<PlatformNamespaces, 'core'>): SecretRequest {
  return {
    name: 'admin-password',
    secret: { namespace: namespaces.core, name: ADMIN_SECRET_NAME, key: ADMIN_SECRET_KEYS.password },
    length: 32,
    alphabet: 'alphanumeric',
  };
}
