import {
  API_GROUP,
  API_VERSION,
  DATABASE_FOR_LABEL,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { syntheticBundles } from '@batteries-included/batteries/testing';
import type { InventoryEntry } from '../plan/inventory.js';
import { planPass, type PlanInput } from './plan-pass.js';
import { PLACEHOLDER_MINT } from './prepare-snapshot.js';

const battery = (type: string, spec: object = {}): KubeObject => ({
  apiVersion: `${API_GROUP}/${API_VERSION}`,
  kind: crdKind(type),
  metadata: { name: type },
  spec,
});
const specs = (batteries: readonly KubeObject[]) =>
  Object.fromEntries(batteries.map((b) => [b.metadata.name, b.spec ?? {}]));
const plan = (input: Omit<PlanInput, 'mint' | 'bundles'>) =>
  planPass({ ...input, mint: PLACEHOLDER_MINT, bundles: syntheticBundles(specs(input.batteries)) });

/** The platform after a pass that applied `batteries`: its live objects and the inventory it recorded. */
function running(batteries: readonly KubeObject[]) {
  const { generated } = plan({ batteries, live: new Map() });
  const live = new Map(generated.objects.map((o) => [objectKey(o), o]));
  const inventory = new Map(
    generated.objects.map((o): [string, InventoryEntry] => [
      objectKey(o),
      {
        ref: objectKey(o),
        hash: o.metadata.annotations!['batteriesincl.com/hash']!,
        documentHash: 'd'.repeat(64),
        battery: o.metadata.labels!['batteriesincl.com/battery']!,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
      },
    ]),
  );
  const of = (type: string) =>
    generated.objects.filter((o) => o.metadata.labels?.['batteriesincl.com/battery'] === type).map(objectKey);
  return { live, inventory, of };
}

describe('a battery whose generation fails keeps every live object untouched', () => {
  const platform = [battery('core'), battery('redis')];
  const { live, inventory, of } = running(platform);

  it.each([
    ['an invalid spec', { maxmemoryPolicy: 'sometimes' }, 'InvalidSpec', 'spec.maxmemoryPolicy'],
    ['a value the generator refuses', { maxmemory: '64Gi' }, 'GeneratorError', 'spec.maxmemory'],
  ])('%s: nothing of it is pruned, updated or orphaned; all of it is kept', (_, spec, reason, field) => {
    const planned = plan({ batteries: [battery('core'), battery('redis', spec)], live, inventory });
    expect(planned.generated.batteries.find((b) => b.type === 'redis')).toMatchObject({
      status: 'failed',
      reason,
      message: expect.stringContaining(field),
    });
    expect(planned.changeSet.changes.filter((c) => c.battery === 'redis')).toEqual([]);
    expect(planned.kept.map((c) => c.key).sort()).toEqual(of('redis').sort());
    expect(planned.changeSet.counts).toMatchObject({ create: 0, update: 0, prune: 0, orphan: 0 });
  });

  it('keeps what only the inventory still knows (the cache lost it) too', () => {
    const planned = plan({
      batteries: [battery('core'), battery('redis', { maxmemory: '64Gi' })],
      live: new Map(
        [...live].filter(([, o]) => o.metadata.labels?.['batteriesincl.com/battery'] !== 'redis'),
      ),
      inventory,
    });
    expect(planned.changeSet.counts.prune).toBe(0);
    expect(planned.kept.map((c) => c.key).sort()).toEqual(of('redis').sort());
  });

  it('plans a fixed spec as usual again: its objects are updated, not re-created', () => {
    const planned = plan({
      batteries: [battery('core'), battery('redis', { maxmemory: '256Mi' })],
      live,
      inventory,
    });
    expect(planned.kept).toEqual([]);
    const redis = planned.changeSet.changes.filter((c) => c.battery === 'redis');
    expect(redis.map((c) => c.action)).not.toContain('create');
    expect(redis.map((c) => c.action)).toContain('update');
  });

  it('prunes once the Battery object itself is deleted: only that prunes', () => {
    const planned = plan({ batteries: [battery('core')], live, inventory });
    expect(planned.kept).toEqual([]);
    expect(
      planned.changeSet.changes
        .filter((c) => c.action === 'prune')
        .map((c) => c.key)
        .sort(),
    ).toEqual(of('redis').sort());
  });
});

describe('a battery whose dependencies went missing', () => {
  it('keeps its objects while the battery it needs is gone, which is pruned', () => {
    const batteries = [battery('core'), battery('victoria-metrics'), battery('kube-monitoring')];
    const { live, inventory, of } = running(batteries);
    const planned = plan({ batteries: [battery('core'), battery('kube-monitoring')], live, inventory });
    expect(planned.generated.batteries.find((b) => b.type === 'kube-monitoring')?.status).toBe(
      'dependencies-unmet',
    );
    expect(planned.kept.map((c) => c.key).sort()).toEqual(of('kube-monitoring').sort());
    const pruned = planned.changeSet.changes.filter((c) => c.action === 'prune' || c.action === 'orphan');
    expect(pruned.map((c) => c.key).sort()).toEqual(of('victoria-metrics').sort());
  });
});

describe('a shared object made for a failing battery', () => {
  it("keeps the database Cluster CloudNativePG runs for Keycloak while Keycloak's spec is invalid", () => {
    const batteries = [battery('core'), battery('cloudnative-pg'), battery('keycloak')];
    const { live, inventory } = running(batteries);
    const cluster = [...live.values()].find((o) => o.metadata.labels?.[DATABASE_FOR_LABEL] === 'keycloak')!;
    expect(cluster.metadata.labels?.['batteriesincl.com/battery']).toBe('cloudnative-pg');

    const planned = plan({
      batteries: [battery('core'), battery('cloudnative-pg'), battery('keycloak', { replicas: 99 })],
      live,
      inventory,
    });
    expect(planned.changeSet.changes.map((c) => c.key)).not.toContain(objectKey(cluster));
    expect(planned.kept.map((c) => c.key)).toContain(objectKey(cluster));
    expect(planned.changeSet.counts.prune).toBe(0);
  });
});
