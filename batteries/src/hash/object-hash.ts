import type { KubeObject } from '../model/kube-object.js';
import { HASH_ANNOTATION } from '../model/labels.js';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';

const SERVER_SET_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'];

/**
 * The content hash of an object (DESIGN §4): SHA-256 over the canonical JSON of the object without
 * `status`, server-set metadata and the hash annotation itself. Stable across runs and machines.
 */
export function hashObject(object: KubeObject): string {
  return sha256Hex(canonicalJson(hashableView(object)));
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
