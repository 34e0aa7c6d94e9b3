import type { KubeConfig } from '@kubernetes/client-node';
import { parseQuantity, type KubeObject } from '@batteries-included/batteries';
import { requestJson } from '../kube/json-request.js';

/** CPU in cores and memory in bytes. */
export interface Amounts {
  cpu: number;
  memory: number;
}

interface Container {
  resources?: { requests?: { cpu?: string; memory?: string } };
}

/**
 * What a set of generated objects asks the scheduler for: each workload's pod requests times its replicas
 * (StatefulSets, Deployments) and each CloudNativePG Cluster's resources times its instances. Pure.
 */
export function requestedBy(objects: readonly KubeObject[]): Amounts {
  const total: Amounts = { cpu: 0, memory: 0 };
  const add = (requests: { cpu?: string; memory?: string } | undefined, times: number) => {
    if (requests?.cpu) total.cpu += parseQuantity(requests.cpu) * times;
    if (requests?.memory) total.memory += parseQuantity(requests.memory) * times;
  };
  for (const object of objects) {
    const spec = object.spec as Record<string, unknown> | undefined;
    if (object.kind === 'StatefulSet' || object.kind === 'Deployment') {
      const replicas = typeof spec?.replicas === 'number' ? spec.replicas : 1;
      const containers =
        (spec?.template as { spec?: { containers?: Container[] } } | undefined)?.spec?.containers ?? [];
      for (const container of containers) add(container.resources?.requests, replicas);
    } else if (object.kind === 'Cluster' && object.apiVersion.startsWith('postgresql.cnpg.io/')) {
      const instances = typeof spec?.instances === 'number' ? spec.instances : 1;
      add((spec?.resources as Container['resources'])?.requests, instances);
    }
  }
  return total;
}

/**
 * What the nodes can still allocate: the sum of every schedulable node's allocatable CPU and memory minus the
 * requests of every pod that is not finished. Two list requests to the API server.
 */
export async function freeCapacity(config: KubeConfig): Promise<Amounts> {
  const nodes = await requestJson<{
    items: Array<{ spec?: { unschedulable?: boolean }; status?: { allocatable?: Record<string, string> } }>;
  }>(config, { path: '/api/v1/nodes' });
  const pods = await requestJson<{
    items: Array<{ spec?: { containers?: Container[] }; status?: { phase?: string } }>;
  }>(config, {
    path: '/api/v1/pods',
    query: { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
  });
  const free: Amounts = { cpu: 0, memory: 0 };
  for (const node of nodes.items) {
    if (node.spec?.unschedulable) continue;
    free.cpu += parseQuantity(node.status?.allocatable?.cpu ?? '0');
    free.memory += parseQuantity(node.status?.allocatable?.memory ?? '0');
  }
  for (const pod of pods.items) {
    for (const container of pod.spec?.containers ?? []) {
      free.cpu -= parseQuantity(container.resources?.requests?.cpu ?? '0');
      free.memory -= parseQuantity(container.resources?.requests?.memory ?? '0');
    }
  }
  return free;
}

/** `2.5` cores as `2500m`, bytes as `Mi`: how the shortfall is reported. */
export function formatAmount(resource: keyof Amounts, value: number): string {
  return resource === 'cpu' ? `${Math.round(value * 1000)}m` : `${Math.round(value / 2 ** 20)}Mi`;
}
