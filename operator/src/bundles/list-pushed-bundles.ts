import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import { requestJson } from '../kube/json-request.js';
import { PUSHED_BUNDLE_LABEL, readPushedBundles, type PushedBundle } from './pushed-bundles.js';

/**
 * The bundles pushed into `namespace` (`bi bundles push`), reassembled and verified; damaged or incomplete ones
 * are left out and reported through `onProblem`. One LIST by label; called only when the cache misses.
 */
export async function listPushedBundles(
  config: KubeConfig,
  namespace: string,
  onProblem: (problem: string) => void = () => undefined,
): Promise<PushedBundle[]> {
  const list = await requestJson<{ items: KubeObject[] }>(config, {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`,
    query: { labelSelector: PUSHED_BUNDLE_LABEL },
  });
  const { bundles, problems } = readPushedBundles(list.items);
  problems.forEach(onProblem);
  return bundles;
}
