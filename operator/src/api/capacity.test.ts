import { findObject, testInstanceSnapshot } from '@batteries-included/batteries/testing';
import { generate } from '@batteries-included/batteries';
import { formatAmount, requestedBy } from './capacity.js';

describe('requestedBy', () => {
  it('sums pod requests times replicas, and a CloudNativePG Cluster’s resources times its instances', () => {
    const snapshot = testInstanceSnapshot({ core: {}, 'cloudnative-pg': {}, redis: {} }, [
      { kind: 'PostgresCluster', namespace: 'a', name: 'pg', spec: { instances: 3, size: 'small' } },
      {
        kind: 'RedisInstance',
        namespace: 'a',
        name: 'cache',
        spec: { mode: 'replication', instances: 2, size: 'tiny' },
      },
    ]);
    const [pg, redis] = generate(snapshot).instances.map((r) => (r.status === 'generated' ? r.objects : []));
    // small: 500m and 1Gi per instance.
    expect(requestedBy(pg!)).toEqual({ cpu: 1.5, memory: 3 * 2 ** 30 });
    const container = findObject(redis!, 'StatefulSet').spec.template.spec.containers[0];
    expect(requestedBy(redis!)).toEqual({
      cpu: 2 * (Number.parseInt(container.resources.requests.cpu, 10) / 1000),
      memory: 2 * Number.parseInt(container.resources.requests.memory, 10) * 2 ** 20,
    });
  });

  it('formats CPU in millicores and memory in MiB', () => {
    expect(formatAmount('cpu', 2.5)).toBe('2500m');
    expect(formatAmount('memory', 3 * 2 ** 30)).toBe('3072Mi');
  });
});
