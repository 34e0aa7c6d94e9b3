import { formatRef, splitApiVersion } from '@batteries-included/batteries';
import { collectionPath, type Discovery } from './discovery.js';
import { KubeApiError } from './errors.js';

/** One object by apiVersion, kind, namespace and name. */
export interface ObjectTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The canonical ref string of a target, as in every log and error. */
export function targetRef(target: ObjectTarget): string {
  return formatRef({ ...splitApiVersion(target.apiVersion), ...target });
}

/**
 * The API path of one object, from discovery. Rejects with a 404 KubeApiError when the server does not serve
 * the kind (as the server itself would), and with a 400 when a namespaced kind comes without a namespace —
 * rather than guessing `default`, as client-node's generic API does.
 */
export async function objectPath(discovery: Discovery, target: ObjectTarget): Promise<string> {
  const resource = await discovery.resourceFor(target.apiVersion, target.kind);
  const ref = targetRef(target);
  if (!resource)
    throw new KubeApiError(
      ref,
      404,
      'NotFound',
      `the API server does not serve ${target.apiVersion} ${target.kind}`,
    );
  if (resource.namespaced && !target.namespace) {
    throw new KubeApiError(
      ref,
      400,
      'BadRequest',
      `${target.kind} is namespaced: metadata.namespace is required`,
    );
  }
  return `${collectionPath(resource, target.namespace)}/${encodeURIComponent(target.name)}`;
}
