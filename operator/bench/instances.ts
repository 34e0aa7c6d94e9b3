import {
  generate,
  type KubeObject,
  type Snapshot,
  type SnapshotInstance,
} from '@batteries-included/batteries';
import { testInstanceSnapshot } from '@batteries-included/batteries/testing';

/** The namespaces the bench's instances live in (ten, as tenants would spread them). */
export const INSTANCE_NAMESPACES = Array.from({ length: 10 }, (_, i) => `bench-instances-${i}`);
/** The batteries the instances belong to; the bench's cache and plan cover only their objects. */
export const INSTANCE_BATTERIES = ['cloudnative-pg', 'redis'] as const;

/**
 * `count` PostgresClusters and `count` RedisInstances (tiny, one user and database; standalone), spread over
 * INSTANCE_NAMESPACES, and the snapshot with them and without them: core, cloudnative-pg and redis installed, the
 * test kit's deterministic secret material and synthetic bundles.
 */
export function instanceSnapshots(count: number): {
  without: Snapshot;
  with: Snapshot;
  instances: SnapshotInstance[];
} {
  const batteries = { core: {}, 'cloudnative-pg': {}, redis: {} };
  const instances: SnapshotInstance[] = [];
  for (let i = 0; i < count; i++) {
    const namespace = INSTANCE_NAMESPACES[i % INSTANCE_NAMESPACES.length]!;
    instances.push(
      {
        kind: 'PostgresCluster',
        namespace,
        name: `pg${i}`,
        spec: { size: 'tiny', users: [{ username: 'app' }], database: { name: 'app', owner: 'app' } },
      },
      { kind: 'RedisInstance', namespace, name: `cache${i}`, spec: { size: 'tiny' } },
    );
  }
  return {
    without: testInstanceSnapshot(batteries, []),
    with: testInstanceSnapshot(batteries, instances),
    instances,
  };
}

/** The generated objects of the instances' batteries (and the instances), which the bench applies and plans. */
export function benchInstanceObjects(snapshot: Snapshot): KubeObject[] {
  const result = generate(snapshot);
  const failed = [...result.batteries, ...result.instances].filter((r) => r.status !== 'generated');
  if (failed.length > 0) throw new Error(`generation failed: ${failed.map((r) => r.type).join(', ')}`);
  return result.objects.filter((object) =>
    (INSTANCE_BATTERIES as readonly string[]).includes(
      object.metadata.labels?.['batteriesincl.com/battery'] ?? '',
    ),
  );
}
