import { findObject, testInstanceSnapshot } from '@batteries-included/batteries/testing';
import { generate } from './generate.js';
import type { SnapshotInstance } from './model/instance.js';

const PLATFORM = { core: {}, redis: {} };
const CACHE: SnapshotInstance = {
  kind: 'RedisInstance',
  namespace: 'a',
  name: 'cache',
  spec: { size: 'tiny' },
};
const objectsOf = (snapshot: ReturnType<typeof testInstanceSnapshot>) => {
  const result = generate(snapshot).instances[0]!;
  if (result.status !== 'generated') throw new Error(result.message);
  return result.objects;
};

describe('memoized instance renders', () => {
  it('reuses a render while the instance and what it read are unchanged, with the same bytes', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [CACHE]);
    const first = objectsOf(snapshot);
    const second = objectsOf(structuredClone(snapshot));
    expect(second).toEqual(first);
    // The second pass hands out the first pass's rendered (frozen) objects; only the hash stamp is a new copy.
    expect(findObject(second, 'Secret').stringData).toBe(findObject(first, 'Secret').stringData);
    expect(Object.isFrozen(findObject(second, 'Service', 'redis-cache').spec)).toBe(true);
  });

  it('renders again when a live object it read changed, or its spec did', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [CACHE]);
    const before = objectsOf(snapshot);
    expect(before.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    // The StatefulSet now exists with a smaller volume than the spec asks for: the render adds the growing claim.
    const live = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'redis-cache', namespace: 'a' },
      spec: {
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '512Mi' } } } },
        ],
      },
    };
    const grown = objectsOf(testInstanceSnapshot(PLATFORM, [CACHE], [live]));
    expect(
      findObject(grown, 'PersistentVolumeClaim', 'data-redis-cache-0').spec.resources.requests.storage,
    ).toBe('1Gi');
    const bigger = objectsOf(testInstanceSnapshot(PLATFORM, [{ ...CACHE, spec: { size: 'small' } }]));
    expect(
      findObject(bigger, 'StatefulSet').spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    ).toBe('4Gi');
  });
});
