import type { SecretRequest } from '../../model/battery.js';
import type { PlatformNamespaces } from '../../model/settings.js';
import { secretMaterialKey } from '../../model/snapshot.js';

/** The secret material name of the installation's object-hash key. */
export const OBJECT_HASH_KEY = 'object-hash-key';

/** Where `generate()` finds the object-hash key in `Snapshot.secretMaterial`. */
export const OBJECT_HASH_KEY_MATERIAL = secretMaterialKey('core', OBJECT_HASH_KEY);

/**
 * The installation's object-hash key: 32 random bytes (64 hex characters), kept in Secret `object-hash-key` (key
 * `key`) in the core namespace. It keys the `batteriesincl.com/hash` (and config hash) of Secret objects, so the
 * digest of a Secret, on the object and in the store, reveals nothing about its values. Minted by Prepare like any
 * secret material, read back from the Secret on every later pass, never recorded.
 */
export function coreSecrets(namespaces: PlatformNamespaces): SecretRequest[] {
  return [
    {
      name: OBJECT_HASH_KEY,
      secret: { namespace: namespaces.core, name: 'object-hash-key', key: 'key' },
      length: 64,
      alphabet: 'hex',
    },
  ];
}
