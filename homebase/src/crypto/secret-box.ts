import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals private keys at rest with AES-256-GCM. The key is derived (HKDF-SHA256) from Home Base's secret, so a
 * copy of the database alone does not give away the signing keys or the installations' keys.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the sealed text was made under another secret or altered. */
  open(sealed: string): string;
  /** A key for another purpose (CSRF tokens), derived from the same secret. */
  deriveKey(purpose: string): Buffer;
}

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < 32) throw new Error('HOME_BASE_SECRET must be at least 32 characters');
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'batteries-included/homebase', purpose, 32));
  const key = derive('seal');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    deriveKey: derive,
  };
}
