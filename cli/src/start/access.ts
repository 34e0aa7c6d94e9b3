import { coreSchema } from '@batteries-included/batteries';
import type { Cluster } from '../kube/cluster.js';
import type { LocalOperatorRecord } from './local-operator.js';
import { OPERATOR_NAMESPACE } from './operator-namespace.js';

/** Where the console is by hostname: the core battery's `access-info` ConfigMap, once the gateway has an address. */
interface HostAccess {
  hostname?: string;
  ssl?: string;
  address?: string;
}

/**
 * Where the console and the API are, best first: by hostname through the ingress gateway once it has a load-balancer
 * address (the core battery's ConfigMap `access-info`: `hostname`, `ssl`, `address`); a local operator's loopback
 * address; ConfigMap `access-info` (key `url`) in the operator's namespace when the operator has written it; else
 * how to port-forward to it.
 */
export async function accessUrl(
  cluster: Cluster,
  local?: LocalOperatorRecord,
  coreNamespace: string = coreSchema.parse({}).namespaces.core,
): Promise<{ url?: string; hint: string }> {
  const read = (namespace: string) =>
    cluster.client
      .get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'access-info', namespace } })
      .then((configMap) => (configMap?.data ?? {}) as Record<string, string>)
      .catch(() => ({}) as Record<string, string>);
  const byHost: HostAccess = await read(coreNamespace);
  if (byHost.address && byHost.hostname)
    return {
      url: `${byHost.ssl === 'true' ? 'https' : 'http'}://${byHost.hostname}`,
      hint: `by hostname through the ingress gateway at ${byHost.address}`,
    };
  const fromCluster = (await read(OPERATOR_NAMESPACE)).url;
  if (local)
    return { url: `http://127.0.0.1:${local.port}`, hint: `the local operator on port ${local.port}` };
  if (fromCluster) return { url: fromCluster, hint: 'from ConfigMap access-info' };
  return {
    hint: `kubectl -n ${OPERATOR_NAMESPACE} port-forward svc/batteries-included-operator 4000:4000, then open http://127.0.0.1:4000`,
  };
}
