import { quantityValue, type KubeObject } from '@batteries-included/batteries';
import type { KubeConfig } from '@kubernetes/client-node';
import { Hono } from 'hono';
import type { z } from 'zod';
import { toKubeApiError } from '../../kube/errors.js';
import { requestJson } from '../../kube/json-request.js';
import type { capacityResponse } from '../schemas.js';

type Capacity = z.input<typeof capacityResponse>;
type Amounts = { cpu: number; memory: number };

interface PodSpec {
  nodeName?: string;
  containers?: Array<{ resources?: { requests?: Record<string, string> } }>;
  initContainers?: Array<{ resources?: { requests?: Record<string, string> } }>;
  overhead?: Record<string, string>;
}

/**
 * Each node's allocatable CPU and memory against what its pods request, as the scheduler counts it: per pod the
 * larger of its containers' sum and its largest init container, plus its overhead. Sorted by node name. Pure.
 */
export function nodeCapacity(nodes: readonly KubeObject[], pods: readonly KubeObject[]): Capacity['nodes'] {
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

const zero = (): Amounts => ({ cpu: 0, memory: 0 });
const add = (a: Amounts, b: Amounts): Amounts => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory });
const max = (a: Amounts, b: Amounts): Amounts => ({
  cpu: Math.max(a.cpu, b.cpu),
  memory: Math.max(a.memory, b.memory),
});
function amounts(resources: Record<string, string> | undefined): Amounts {
  return { cpu: quantityValue(resources?.cpu) ?? 0, memory: quantityValue(resources?.memory) ?? 0 };
}

/**
 * `GET /capacity`: every node's allocatable CPU and memory against its pods' requests (pods that have not
 * finished), read from the API server on each request — nodes and pods are not in the operator's cache, which
 * holds only what the platform manages.
 */
export function capacityRoutes({ config }: { config: KubeConfig }): Hono {
  const app = new Hono();
  app.get('/capacity', async (c) => {
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
    const body: Capacity = { nodes: nodeCapacity(nodes, pods) };
    return c.json(body);
  });
  return app;
}
