import type { InstallSpec } from '@batteries-included/batteries';
import type { Cluster } from '../kube/cluster.js';

/** Where the operator runs and keeps its Lease, API token and access info. */
export const OPERATOR_NAMESPACE = 'batteries-included-system';
export const HOME_BASE_SECRET = 'home-base';

/** The three variables the operator reports to Home Base with (C4), from the spec's `homeBase`. */
export function homeBaseEnv(spec: InstallSpec): Record<string, string> {
  if (!spec.homeBase) return {};
  return {
    BI_HOME_BASE_URL: spec.homeBase.url,
    BI_INSTALLATION_ID: spec.homeBase.installationId,
    BI_INSTALLATION_KEY: JSON.stringify(spec.homeBase.installationKey),
  };
}

export async function ensureOperatorNamespace(cluster: Cluster): Promise<void> {
  await cluster.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: OPERATOR_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'batteries-included' } },
  });
}

/** Writes Secret `home-base` that the in-cluster operator reads with an optional envFrom (nothing when no homeBase). */
export async function writeHomeBaseSecret(cluster: Cluster, spec: InstallSpec): Promise<boolean> {
  const env = homeBaseEnv(spec);
  if (Object.keys(env).length === 0) return false;
  await cluster.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: HOME_BASE_SECRET,
      namespace: OPERATOR_NAMESPACE,
      labels: { 'app.kubernetes.io/part-of': 'batteries-included' },
    },
    type: 'Opaque',
    stringData: env,
  });
  return true;
}
