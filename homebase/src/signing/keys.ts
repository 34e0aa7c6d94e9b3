import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/store.js';

/** A new ES256 (P-256) key pair as JWKs; `kid` is the RFC 7638 thumbprint of the public key. */
export async function generateEs256Jwk(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const decorate = (jwk: JWK): JWK => ({ ...jwk, kid, alg: 'ES256', use: 'sig' });
  return { kid, publicJwk: decorate(publicJwk), privateJwk: decorate(await exportJWK(privateKey)) };
}

/** Home Base's signing keys: the newest signs, all of them are published (rotation keeps old ones valid). */
export interface Keyring {
  /** The JWKS served at `/api/v1/keys`. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Signs `claims` with the newest key; protected header `{alg: 'ES256', kid}`. */
  sign(claims: JWTPayload, expiresInSeconds: number): Promise<string>;
  /** Adds a new signing key; the previous ones stay published. Resolves with the new kid. */
  rotate(): Promise<string>;
  /**
   * Opens the newest signing key (making the first one on an empty database), so a wrong or lost
   * `HOME_BASE_SECRET` is found at start rather than when a spec is served. Throws `SigningKeyUnusableError`.
   */
  assertUsable(): Promise<void>;
}

/** The newest signing key does not open with this secret: Home Base must not start. */
export class SigningKeyUnusableError extends Error {
  override readonly name = 'SigningKeyUnusableError';
  constructor(kid: string, createdAt: Date, options: { cause?: unknown } = {}) {
    super(
      `HOME_BASE_SECRET cannot open the newest signing key (kid ${kid}, added ${createdAt.toISOString()}): the ` +
        'secret is wrong, or not the one the keys were sealed with (a lost generated secret file, another ' +
        "deployment's secret). Start with the secret the keys were sealed with. If it is lost, the sealed keys " +
        'cannot be recovered: `rotate-key` adds a signing key under the new secret (the old public keys stay ' +
        'published), and installations that have not reported yet must be created again.',
      options,
    );
  }
}

/**
 * The keyring over the store; private keys are kept sealed by `box`. The first call makes a key when the
 * database has none (first start).
 */
export function createKeyring(store: Store, box: SecretBox, now: () => Date = () => new Date()): Keyring {
  const rotate = async () => {
    const { kid, publicJwk, privateJwk } = await generateEs256Jwk();
    await store.addSigningKey({
      kid,
      publicJwk: { ...publicJwk },
      privateJwkSealed: box.seal(JSON.stringify(privateJwk), { purpose: 'signing-key', id: kid }),
      createdAt: now(),
    });
    return kid;
  };
  let ensured: Promise<unknown> | undefined;
  const keys = async () => {
    ensured ??= store.listSigningKeys().then((rows) => (rows.length === 0 ? rotate() : undefined));
    await ensured;
    return store.listSigningKeys();
  };
  const openNewest = async () => {
    const rows = await keys();
    const newest = rows[rows.length - 1];
    if (!newest) throw new Error('Home Base has no signing key');
    try {
      return {
        kid: newest.kid,
        jwk: JSON.parse(box.open(newest.privateJwkSealed, { purpose: 'signing-key', id: newest.kid })) as JWK,
      };
    } catch (error) {
      throw new SigningKeyUnusableError(newest.kid, newest.createdAt, { cause: error });
    }
  };
  return {
    async assertUsable() {
      await importJWK((await openNewest()).jwk, 'ES256');
    },
    async jwks() {
      return { keys: (await keys()).map((row) => row.publicJwk as JWK) };
    },
    async sign(claims, expiresInSeconds) {
      const newest = await openNewest();
      const privateKey = await importJWK(newest.jwk, 'ES256');
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: newest.kid })
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + expiresInSeconds)
        .sign(privateKey);
    },
    rotate,
  };
}
