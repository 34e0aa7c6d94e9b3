import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import { objectKey, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import type { Discovery } from './discovery.js';
import { KubeApiError, toKubeApiError } from './errors.js';
import { FIELD_MANAGER } from './field-manager.js';

/**
 * Server-side applies `status` to a custom resource's status subresource (field manager `batteries-included`,
 * force). Only the status changes: the subresource ignores everything else, and the spec's generation stays.
 * The fields we stop sending are removed, as with any apply. Resolves with the object the server returned.
 */
export async function patchStatus(
  api: CustomObjectsApi,
  discovery: Discovery,
  object: KubeObject,
  status: Readonly<Record<string, unknown>>,
): Promise<KubeObject> {
  const ref = objectKey(object);
  const { group, version } = splitApiVersion(object.apiVersion);
  try {
    const resource = await discovery.resourceFor(object.apiVersion, object.kind);
    if (!resource)
      throw new KubeApiError(
        ref,
        404,
        'NotFound',
        `the API server does not serve ${object.apiVersion} ${object.kind}`,
      );
    if (!group)
      throw new KubeApiError(ref, 400, 'BadRequest', 'patchStatus is for custom resources, not core kinds');
    const { name, namespace } = object.metadata;
    const body = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: namespace ? { name, namespace } : { name },
      status,
    };
    const common = {
      group,
      version,
      plural: resource.plural,
      name,
      body,
      fieldManager: FIELD_MANAGER,
      force: true,
    };
    const options = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);
    const patched: unknown =
      resource.namespaced && namespace
        ? await api.patchNamespacedCustomObjectStatus({ ...common, namespace }, options)
        : await api.patchClusterCustomObjectStatus(common, options);
    return patched as KubeObject;
  } catch (error) {
    throw toKubeApiError(ref, error);
  }
}
