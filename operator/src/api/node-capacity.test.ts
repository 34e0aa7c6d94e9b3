import type { KubeObject } from '@batteries-included/batteries';
import { nodeCapacity } from './capacity.js';

const node = (name: string, cpu: string, memory: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  status: { allocatable: { cpu, memory, pods: '110' } },
});
const pod = (name: string, nodeName: string | undefined, spec: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'x' },
  spec: { ...(nodeName ? { nodeName } : {}), ...spec },
});
const requests = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory } } });

describe('nodeCapacity', () => {
  it("sums each node's pod requests as the scheduler counts them, against allocatable", () => {
    const nodes = [node('b', '4', '8Gi'), node('a', '2', '4Gi')];
    const pods = [
      pod('web', 'a', { containers: [requests('250m', '256Mi'), requests('250m', '256Mi')] }),
      // The largest init container counts when it needs more than the containers together.
      pod('migrate', 'a', {
        initContainers: [requests('1', '64Mi')],
        containers: [requests('100m', '128Mi')],
      }),
      pod('kata', 'b', {
        containers: [requests('100m', '100Mi')],
        overhead: { cpu: '250m', memory: '160Mi' },
      }),
      pod('pending', undefined, { containers: [requests('8', '1Gi')] }),
    ];
    expect(nodeCapacity(nodes, pods)).toEqual([
      {
        name: 'a',
        allocatable: { cpu: 2, memory: 4 * 2 ** 30 },
        requested: { cpu: 1.5, memory: 640 * 2 ** 20 },
        pods: 2,
      },
      {
        name: 'b',
        allocatable: { cpu: 4, memory: 8 * 2 ** 30 },
        requested: { cpu: 0.35, memory: 260 * 2 ** 20 },
        pods: 1,
      },
    ]);
  });
});
