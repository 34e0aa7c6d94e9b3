import type { KubeObject } from '../model/kube-object.js';
import { HASH_ANNOTATION } from '../model/labels.js';
import { canonicalJson } from './canonical-json.js';
import { hmacSha256Hex } from './hmac-sha256.js';
import { sha256Hex } from './sha256.js';

const SERVER_SET_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'];

/**
 * The content hash of an object (DESIGN §4): SHA-256 over the canonical JSON of the object without
 * `status`, server-set metadata and the hash annotation itself. Stable across runs and machines.
 *
 * A Secret (`v1`) with a `secretKey` (the installation's object-hash key) gets HMAC-SHA256 under that key
 * instead: its content includes the Secret's values, and a plain digest would let whoever reads the annotation or
 * the store test guesses of a weak value offline. The keyed digest still changes whenever a value does.
 */
export function hashObject(object: KubeObject, secretKey?: string): string {
  const canonical = canonicalJson(hashableView(object));
  return secretKey && isSecretObject(object) ? hmacSha256Hex(secretKey, canonical) : sha256Hex(canonical);
}

/** A core Kubernetes Secret, whose content holds values. */
export function isSecretObject(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1';
}

function hashableView(object: KubeObject): unknown {
  const { status: _status, metadata, ...rest } = object;
  const meta: Record<string, unknown> = { ...metadata };
  for (const field of SERVER_SET_METADATA) delete meta[field];
  if (metadata.annotations && HASH_ANNOTATION in metadata.annotations) {
    const { [HASH_ANNOTATION]: _hash, ...annotations } = metadata.annotations;
    if (Object.keys(annotations).length > 0) meta.annotations = annotations;
    else delete meta.annotations;
  }
  return { ...rest, metadata: meta };
}
