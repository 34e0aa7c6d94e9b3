import { PatchStrategy, type KubeConfig } from '@kubernetes/client-node';
import { objectKey, type KubeObject } from '@batteries-included/batteries';
import type { Discovery } from './discovery.js';
import { KubeApiError, toKubeApiError } from './errors.js';
import { FIELD_MANAGER } from './field-manager.js';
import { requestJson } from './json-request.js';
import { objectPath } from './object-path.js';

/** The finalizer list with `finalizer` added at the end, or undefined when it is already there. */
export function withFinalizer(
  finalizers: readonly string[] | undefined,
  finalizer: string,
): string[] | undefined {
  const current = finalizers ?? [];
  return current.includes(finalizer) ? undefined : [...current, finalizer];
}

/** The finalizer list without `finalizer`, or undefined when it was not there. */
export function withoutFinalizer(
  finalizers: readonly string[] | undefined,
  finalizer: string,
): string[] | undefined {
  const current = finalizers ?? [];
  return current.includes(finalizer) ? current.filter((f) => f !== finalizer) : undefined;
}

/**
 * Adds or removes one finalizer with a merge patch that carries the object's resourceVersion, so the write
 * is refused (409 Conflict, a transient KubeApiError) if the object changed since it was read: a merge patch
 * replaces the whole list, and without the precondition it could drop a finalizer someone else just added.
 * Resolves true when it wrote, false when there was nothing to change (or, on removal, no object).
 * An object without a resourceVersion is read from the server first.
 */
export async function changeFinalizer(
  config: KubeConfig,
  discovery: Discovery,
  object: KubeObject,
  finalizer: string,
  change: 'add' | 'remove',
): Promise<boolean> {
  const ref = objectKey(object);
  const { name, namespace } = object.metadata;
  try {
    const path = await objectPath(discovery, {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      ...(namespace ? { namespace } : {}),
    });
    const current = object.metadata.resourceVersion ? object : await readLive(config, path, ref);
    if (!current) {
      if (change === 'remove') return false;
      throw new KubeApiError(
        ref,
        404,
        'NotFound',
        `cannot add finalizer ${finalizer}: the object does not exist`,
      );
    }
    const finalizers = current.metadata.finalizers;
    const next =
      change === 'add' ? withFinalizer(finalizers, finalizer) : withoutFinalizer(finalizers, finalizer);
    if (!next) return false;
    await requestJson(config, {
      method: 'PATCH',
      path,
      query: { fieldManager: FIELD_MANAGER },
      body: { metadata: { resourceVersion: current.metadata.resourceVersion, finalizers: next } },
      contentType: PatchStrategy.MergePatch,
    });
    return true;
  } catch (error) {
    throw toKubeApiError(ref, error);
  }
}

async function readLive(config: KubeConfig, path: string, ref: string): Promise<KubeObject | undefined> {
  try {
    return await requestJson<KubeObject>(config, { path });
  } catch (error) {
    if (toKubeApiError(ref, error).status === 404) return undefined;
    throw error;
  }
}
