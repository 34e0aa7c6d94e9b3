import { POSTGRES_PORT, postgresClusterName, type KubeObject } from '@batteries-included/batteries';
import { CliFailure } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import type { Cluster } from './cluster.js';
import { startPortForward, type PortForwardOptions, type RunningPortForward } from './port-forward.js';

/** The label CloudNativePG puts on every pod of a Cluster, valued with the Cluster's name. */
export const CNPG_CLUSTER_LABEL = 'cnpg.io/cluster';
/** The labels CloudNativePG marks the primary with: `cnpg.io/instanceRole`, and the older `role`. */
const ROLE_LABELS = ['cnpg.io/instanceRole', 'role'] as const;

interface PodView {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }> };
}

const isPrimary = (pod: PodView) => ROLE_LABELS.some((label) => pod.metadata.labels?.[label] === 'primary');
const isReady = (pod: PodView) =>
  !pod.metadata.deletionTimestamp &&
  pod.status?.phase === 'Running' &&
  (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** A Postgres cluster has no primary that could take a connection now. */
export class NoReadyPrimaryError extends CliFailure {
  override readonly name = 'NoReadyPrimaryError';
  constructor(message: string) {
    super(message, EXIT_CODES.failed);
  }
}

/**
 * The name of the ready primary among a CloudNativePG Cluster's pods (those labelled `cnpg.io/cluster`). Fails
 * naming the Postgres cluster and what its pods are when none is a ready primary.
 */
export function selectPrimary(
  cluster: { namespace: string; name: string },
  pods: readonly KubeObject[],
): string {
  const views = pods as unknown as PodView[];
  const label = `Postgres cluster ${cluster.namespace}/${cluster.name}`;
  const selector = `${CNPG_CLUSTER_LABEL}=${postgresClusterName(cluster.name)}`;
  const primaries = views.filter(isPrimary);
  const ready = primaries.find(isReady);
  if (ready) return ready.metadata.name;
  if (views.length === 0)
    throw new NoReadyPrimaryError(
      `${label} has no ready primary: no pods labelled ${selector} (is CloudNativePG running it? see: bi postgres show ${cluster.name} -n ${cluster.namespace})`,
    );
  const described = views
    .map((pod) => {
      const role = ROLE_LABELS.map((l) => pod.metadata.labels?.[l]).find(Boolean) ?? 'no role';
      return `${pod.metadata.name} (${role}, ${isReady(pod) ? 'ready' : (pod.status?.phase ?? 'Pending')})`;
    })
    .join(', ');
  throw new NoReadyPrimaryError(
    `${label} has no ready primary${primaries.length > 0 ? '' : ' (none labelled cnpg.io/instanceRole=primary)'}; its pods: ${described}`,
  );
}

/** The ready primary pod of a Postgres cluster, looked up now (a failover moves it). */
export async function findPrimaryPod(cluster: Cluster, namespace: string, name: string): Promise<string> {
  const pods = await cluster.list('v1', 'Pod', {
    namespace,
    labelSelector: `${CNPG_CLUSTER_LABEL}=${postgresClusterName(name)}`,
  });
  return selectPrimary({ namespace, name }, pods);
}

/**
 * A port-forward to the Postgres port of a cluster's primary: fails now (naming the cluster) when it has no ready
 * primary, and follows a failover by looking the primary up again for each connection.
 */
export async function forwardToPrimary(
  cluster: Cluster,
  instance: { namespace: string; name: string },
  options: Pick<PortForwardOptions, 'localPort' | 'onError' | 'onPod'> = {},
): Promise<RunningPortForward & { pod: string }> {
  const primary = () => findPrimaryPod(cluster, instance.namespace, instance.name);
  const pod = await primary();
  const forward = await startPortForward(cluster.config, {
    ...options,
    namespace: instance.namespace,
    pod: primary,
    port: POSTGRES_PORT,
  });
  return { ...forward, pod };
}
