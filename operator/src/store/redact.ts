import { createHmac, randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { canonicalJson, isKeycloakObject, type KubeObject } from '@batteries-included/batteries';

/** Every redacted value starts with this, so readers can tell a digest from a value. */
export const DIGEST_PREFIX = 'hmac-sha256:';

/** Holds the text `kubectl apply` (client-side) leaves on objects: a full copy, values included. */
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Values shorter than this are not scrubbed from free text: they would match ordinary words. */
const MIN_SCRUBBED_LENGTH = 6;

/**
 * Turns secret values into keyed digests (HMAC-SHA256 under the store's key). Equal values give equal
 * digests, so "changed" and "same as before" stay visible; without the key a digest cannot be reversed
 * or checked against guesses, so a leaked document, API response or log line gives nothing away.
 * The store, the API and the logs all redact through this one function.
 */
export interface Redactor {
  /** The digest of one value (a string is hashed as its UTF-8 bytes), e.g. `hmac-sha256:3f1c…`. */
  digest(value: string | Uint8Array): string;
  /**
   * A Secret (`v1`) with every `data` and `stringData` value replaced by its digest, and a client-side
   * `last-applied-configuration` annotation (which repeats them) likewise. `data` values are digested
   * after base64 decoding, so a value digests the same whether it arrives in `data` or `stringData`.
   * A Keycloak client's `spec.secret` (its client secret) is replaced by its digest the same way. Other objects
   * are returned as they are (the same reference).
   */
  redactObject<T extends KubeObject>(object: T): T;
  /**
   * `text` with every occurrence of the given secret values replaced by their digests; for free text
   * that may quote a value back (API error messages). Values under six characters are left alone.
   */
  scrubText(text: string, secrets: Iterable<string>): string;
}

/** A fresh random 32-byte key, hex-encoded: what the store creates on first start. */
export function generateRedactionKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * A Redactor under `key` (hex, at least 32 bytes of it).
 * @example createRedactor(generateRedactionKey()).redactObject(secret).data // { password: 'hmac-sha256:…' }
 */
export function createRedactor(key: string): Redactor {
  if (!/^[0-9a-f]{64,}$/i.test(key)) throw new RangeError('a redaction key is at least 32 bytes of hex');
  const keyBytes = Buffer.from(key, 'hex');
  const digest = (value: string | Uint8Array) =>
    DIGEST_PREFIX + createHmac('sha256', keyBytes).update(value).digest('hex');
  const digestAny = (value: unknown) => digest(typeof value === 'string' ? value : canonicalJson(value));

  return {
    digest,
    redactObject<T extends KubeObject>(object: T): T {
      if (isKeycloakClient(object)) {
        const spec = object.spec as Record<string, unknown>;
        if (typeof spec.secret !== 'string') return object;
        return { ...object, spec: { ...spec, secret: digest(spec.secret) } } as T;
      }
      if (!isSecret(object)) return object;
      const redacted: KubeObject = { ...object };
      if (isRecord(object.data)) {
        redacted.data = mapValues(object.data, (value) =>
          typeof value === 'string' ? digest(Buffer.from(value, 'base64')) : digestAny(value),
        );
      }
      if (isRecord(object.stringData)) redacted.stringData = mapValues(object.stringData, digestAny);
      const annotations = object.metadata.annotations;
      if (annotations?.[LAST_APPLIED_ANNOTATION] !== undefined) {
        redacted.metadata = {
          ...object.metadata,
          annotations: {
            ...annotations,
            [LAST_APPLIED_ANNOTATION]: digest(annotations[LAST_APPLIED_ANNOTATION]),
          },
        };
      }
      return redacted as T;
    },
    scrubText(text, secrets) {
      // Longest first, so a value that contains another is replaced whole.
      const values = [...new Set(secrets)]
        .filter((s) => s.length >= MIN_SCRUBBED_LENGTH)
        .sort((a, b) => b.length - a.length);
      let scrubbed = text;
      for (const value of values) scrubbed = scrubbed.split(value).join(digest(value));
      return scrubbed;
    },
  };
}

/**
 * The clear-text values in Secret objects (decoded `data`, its base64 form, and `stringData`) and Keycloak
 * clients' secrets, for `scrubText`.
 */
export function secretValuesOf(objects: Iterable<KubeObject>): string[] {
  const values: string[] = [];
  for (const object of objects) {
    if (isKeycloakClient(object)) {
      const secret = (object.spec as Record<string, unknown>).secret;
      if (typeof secret === 'string') values.push(secret);
      continue;
    }
    if (!isSecret(object)) continue;
    for (const value of Object.values(isRecord(object.data) ? object.data : {})) {
      if (typeof value !== 'string') continue;
      values.push(value, Buffer.from(value, 'base64').toString('utf8'));
    }
    for (const value of Object.values(isRecord(object.stringData) ? object.stringData : {})) {
      if (typeof value === 'string') values.push(value);
    }
  }
  return values;
}

/** A Keycloak client object (the pass's second target) whose `spec.secret` is a client secret. */
function isKeycloakClient(object: KubeObject): boolean {
  return object.kind === 'KeycloakClient' && isKeycloakObject(object) && isRecord(object.spec);
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues(record: Record<string, unknown>, fn: (value: unknown) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, fn(value)]));
}
