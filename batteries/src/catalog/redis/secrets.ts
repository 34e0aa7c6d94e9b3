import type { SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';

/** Where the generated Redis password lives: Secret `redis-password`, key `password`, in the data namespace. */
export function passwordSecret(namespace: string): SecretRequest['secret'] {
  return { namespace, name: 'redis-password', key: 'password' };
}

/** The Redis password: 32 alphanumeric characters, easy to paste into clients and connection URLs. */
export function redisSecrets(namespaces: PlatformNamespaces): SecretRequest[] {
  return [
    { name: 'password', secret: passwordSecret(namespaces.data), length: 32, alphabet: 'alphanumeric' },
  ];
}
