import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Where a sealed value belongs: what it is and the id of its row (`{purpose: 'signing-key', id: kid}`). It is
 * bound into the ciphertext as AES-GCM associated data, so a value moved to another row, or to a column of
 * another purpose, no longer opens.
 */
export interface SealBinding {
  readonly purpose: 'signing-key' | 'installation-key';
  readonly id: string;
}

/**
 * Seals private keys at rest with AES-256-GCM. The key is derived (HKDF-SHA256) from Home Base's secret, so a
 * copy of the database alone does not give away the signing keys or the installations' keys; the binding (purpose
 * and row id, as associated data) means a database writer cannot move one sealed value into another row to have
 * Home Base open it there (say, the signing key into an installation, whose spec is served to anyone with its id).
 */
export interface SecretBox {
  /** `v2.<iv>.<tag>.<ciphertext>` (base64url), bound to `binding`. */
  seal(plaintext: string, binding: SealBinding): string;
  /** Throws when the sealed text was made under another secret, for another binding, or altered. */
  open(sealed: string, binding: SealBinding): string;
  /** Whether `sealed` predates bindings (`v1`, no associated data): `resealLegacyValues` upgrades those. */
  isLegacy(sealed: string): boolean;
  /** Opens a `v1` value (no binding). Only for the one-time re-sealing of rows written before bindings. */
  openLegacy(sealed: string): string;
  /** A key for another purpose (CSRF tokens), derived from the same secret. */
  deriveKey(purpose: string): Buffer;
}

const associatedData = ({ purpose, id }: SealBinding) => Buffer.from(`${purpose}:${id}`, 'utf8');

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < 32) throw new Error('HOME_BASE_SECRET must be at least 32 characters');
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'batteries-included/homebase', purpose, 32));
  const key = derive('seal');
  const decrypt = (sealed: string, version: 'v1' | 'v2', aad: Buffer | undefined) => {
    const [found, iv, tag, body] = sealed.split('.');
    if (found !== version || !iv || !tag || body === undefined)
      throw new Error(`not a ${version} sealed value`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  };
  return {
    seal(plaintext, binding) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(associatedData(binding));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v2',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open: (sealed, binding) => decrypt(sealed, 'v2', associatedData(binding)),
    isLegacy: (sealed) => sealed.startsWith('v1.'),
    openLegacy: (sealed) => decrypt(sealed, 'v1', undefined),
    deriveKey: derive,
  };
}
