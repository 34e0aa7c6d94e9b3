import type { KubeConfig } from '@kubernetes/client-node';
import { parseQuantity, quantityValue, type KubeObject } from '@batteries-included/batteries';
import type { z } from 'zod';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import type { nodeCapacity as nodeCapacitySchema } from './schemas.js';

type NodeCapacity = z.input<typeof nodeCapacitySchema>;

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
 * Each node's allocatable CPU and memory against what its pods request, as the scheduler counts it: per pod the
 * larger of its containers' sum and its largest init container, plus its overhead. Sorted by node name. Pure.
 */
export function nodeCapacity(nodes: readonly KubeObject[], pods: readonly KubeObject[]): NodeCapacity[] {
  const requested = new Map<string, Amounts & { pods: number }>();
  for (const pod of pods) {
    const spec = pod.spec as PodSpec | undefined;
    if (!spec?.nodeName) continue;
    const sum = (containers: PodSpec['containers']) =>
      (containers ?? []).reduce((total, c) => add(total, amounts(c.resources?.requests)), zero());
    const init = (spec.initContainers ?? []).reduce(
      (top, c) => max(top, amounts(c.resources?.requests)),
      zero(),
    );
    const need = add(max(sum(spec.containers), init), amounts(spec.overhead));
    const node = requested.get(spec.nodeName) ?? { ...zero(), pods: 0 };
    requested.set(spec.nodeName, { ...add(node, need), pods: node.pods + 1 });
  }
  return nodes
    .filter((node) => !(node.spec as { unschedulable?: boolean } | undefined)?.unschedulable)
    .map((node) => {
      const used = requested.get(node.metadata.name) ?? { ...zero(), pods: 0 };
      return {
        name: node.metadata.name,
        allocatable: amounts(
          (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable,
        ),
        requested: { cpu: used.cpu, memory: used.memory },
        pods: used.pods,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Every schedulable node's capacity (`nodeCapacity`), from two list requests to the API server. */
export async function readNodeCapacity(config: KubeConfig): Promise<NodeCapacity[]> {
  const list = async (path: string, query: Record<string, string> = {}) => {
    try {
      return (await requestJson<{ items: KubeObject[] }>(config, { path, query })).items;
    } catch (error) {
      throw toKubeApiError(path, error);
    }
  };
  const [nodes, pods] = await Promise.all([
    list('/api/v1/nodes'),
    list('/api/v1/pods', { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' }),
  ]);
  return nodeCapacity(nodes, pods);
}

/** What the nodes can still allocate, in all: every schedulable node's allocatable minus what its pods request. */
export async function freeCapacity(config: KubeConfig): Promise<Amounts> {
  return (await readNodeCapacity(config)).reduce(
    (free, node) => ({
      cpu: free.cpu + node.allocatable.cpu - node.requested.cpu,
      memory: free.memory + node.allocatable.memory - node.requested.memory,
    }),
    zero(),
  );
}

interface PodSpec {
  nodeName?: string;
  containers?: Array<{ resources?: { requests?: Record<string, string> } }>;
  initContainers?: Array<{ resources?: { requests?: Record<string, string> } }>;
  overhead?: Record<string, string>;
}

const zero = (): Amounts => ({ cpu: 0, memory: 0 });
const add = (a: Amounts, b: Amounts): Amounts => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory });
const max = (a: Amounts, b: Amounts): Amounts => ({
  cpu: Math.max(a.cpu, b.cpu),
  memory: Math.max(a.memory, b.memory),
});
function amounts(resources: Record<string, string> | undefined): Amounts {
  return { cpu: quantityValue(resources?.cpu) ?? 0, memory: quantityValue(resources?.memory) ?? 0 };
}

/** `2.5` cores as `2500m`, bytes as `Mi`: how the shortfall is reported. */
export function formatAmount(resource: keyof Amounts, value: number): string {
  return resource === 'cpu' ? `${Math.round(value * 1000)}m` : `${Math.round(value / 2 ** 20)}Mi`;
}
