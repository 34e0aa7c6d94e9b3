import type { KubeConfig } from '@kubernetes/client-node';
import { formatRef, type ObjectRef } from '@batteries-included/batteries';
import type { Discovery } from './discovery.js';
import { toKubeApiError } from './errors.js';
import { requestJson } from './json-request.js';
import { objectPath } from './object-path.js';

export interface DeleteOptions {
  /** The delete is refused (409 Conflict) unless the live object still has this uid / resourceVersion. */
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  /** What happens to dependents. @default 'Background' */
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Validate on the server without deleting. @default false */
  readonly dryRun?: boolean;
}

/**
 * Deletes one object. Resolves true when the server accepted the delete (the object may linger while
 * finalizers run), false when it was already gone (404, including a kind the server no longer serves).
 */
export async function deleteObject(
  config: KubeConfig,
  discovery: Discovery,
  ref: ObjectRef,
  { preconditions, propagationPolicy = 'Background', dryRun = false }: DeleteOptions = {},
): Promise<boolean> {
  const apiVersion = ref.group ? `${ref.group}/${ref.version}` : ref.version;
  try {
    const target = {
      apiVersion,
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    };
    await requestJson(config, {
      method: 'DELETE',
      path: await objectPath(discovery, target),
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy,
        ...(preconditions ? { preconditions } : {}),
        ...(dryRun ? { dryRun: ['All'] } : {}),
      },
    });
    return true;
  } catch (error) {
    const apiError = toKubeApiError(formatRef(ref), error);
    if (apiError.status === 404) return false;
    throw apiError;
  }
}
