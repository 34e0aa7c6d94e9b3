import type { Cluster } from '../kube/cluster.js';
import type { LocalOperatorRecord } from './local-operator.js';
import { OPERATOR_NAMESPACE } from './operator-namespace.js';

/**
 * Where the console and the API are: ConfigMap `access-info` (key `url`) in the operator's namespace when the
 * operator has written it; a local operator's loopback address otherwise; else how to port-forward to it.
 */
export async function accessUrl(
  cluster: Cluster,
  local?: LocalOperatorRecord,
): Promise<{ url?: string; hint: string }> {
  const configMap = await cluster.client
    .get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'access-info', namespace: OPERATOR_NAMESPACE },
    })
    .catch(() => undefined);
  const fromCluster = (configMap?.data as Record<string, string> | undefined)?.url;
  if (local)
    return { url: `http://127.0.0.1:${local.port}`, hint: `the local operator on port ${local.port}` };
  if (fromCluster) return { url: fromCluster, hint: 'from ConfigMap access-info' };
  return {
    hint: `kubectl -n ${OPERATOR_NAMESPACE} port-forward svc/batteries-included-operator 4000:4000, then open http://127.0.0.1:4000`,
  };
}
