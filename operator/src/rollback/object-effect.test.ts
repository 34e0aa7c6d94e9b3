import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  generate,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import { testSnapshot } from '@batteries-included/batteries/testing';
import type { InventoryEntry, ManifestEntry } from '../store/types.js';
import { regeneratedObjects } from './object-effect.js';

/** The cluster after a pass over `specs`: its live objects, inventory and manifest. */
function cluster(specs: Record<string, unknown>) {
  const { objects } = generate(testSnapshot(specs));
  const live = new Map(objects.map((object) => [objectKey(object), asServerStores(object)]));
  const inventory = objects.map((object): InventoryEntry => {
    const entry: InventoryEntry = {
      ref: objectKey(object),
      hash: object.metadata.annotations![HASH_ANNOTATION]!,
      documentHash: 'unused',
      battery: object.metadata.labels![BATTERY_LABEL]!,
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
    };
    if (object.metadata.namespace) entry.namespace = object.metadata.namespace;
    return entry;
  });
  const manifest = objects.map((o): ManifestEntry => [
    objectKey(o),
    o.metadata.annotations![HASH_ANNOTATION]!,
  ]);
  return { objects, live, inventory, manifest };
}

/** The API server keeps a Secret's `stringData` as base64 `data`. */
function asServerStores(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || !object.stringData) return object;
  const { stringData, ...rest } = object;
  const data = Object.fromEntries(
    Object.entries(stringData as Record<string, string>).map(([key, value]) => [
      key,
      Buffer.from(value).toString('base64'),
    ]),
  );
  return { ...rest, data: { ...(object.data as Record<string, string>), ...data } };
}

const secretValues = (objects: readonly KubeObject[]) =>
  objects
    .filter((o) => o.kind === 'Secret')
    .flatMap((o) => [
      ...Object.values((o.data as Record<string, string>) ?? {}),
      ...Object.values((o.stringData as Record<string, string>) ?? {}),
    ]);

describe('regeneratedObjects', () => {
  const then = { core: {}, redis: { maxmemoryPolicy: 'noeviction' } };
  const now = cluster({ core: {}, redis: { maxmemoryPolicy: 'allkeys-lru' } });

  it('plans the restored specs against the live objects, reusing the live Secrets’ values', () => {
    const effect = regeneratedObjects({ target: then, live: now.live, inventory: now.inventory });
    const byAction = (action: string) =>
      effect.plan.changes.filter((c) => c.action === action).map((c) => c.key);
    expect(effect.basis).toBe('regenerated');
    expect(byAction('update').length).toBeGreaterThan(0);
    expect(effect.plan.changes.filter((c) => c.action === 'update').every((c) => c.battery === 'redis')).toBe(
      true,
    );
    // The password is read back from the live Secret, so the Secret is not rewritten.
    expect(byAction('unchanged')).toContain('Secret/battery-data/redis-password');
    expect(byAction('create')).toEqual([]);
    expect(byAction('prune')).toEqual([]);
    expect(effect.problems).toEqual([]);
  });

  it('reports that a rollback reproduces the recorded pass exactly when nothing else changed', () => {
    const recorded = cluster(then);
    const effect = regeneratedObjects({
      target: then,
      live: now.live,
      inventory: now.inventory,
      recordedManifest: recorded.manifest,
    });
    expect(effect.differsFromRecorded).toEqual([]);
  });

  it('names the objects that would differ from what the pass applied', () => {
    const recorded = cluster({ core: {}, redis: { maxmemoryPolicy: 'volatile-lru' } });
    const effect = regeneratedObjects({
      target: then,
      live: now.live,
      inventory: now.inventory,
      recordedManifest: recorded.manifest,
    });
    expect(effect.differsFromRecorded!.length).toBeGreaterThan(0);
    expect(effect.differsFromRecorded!.every((ref) => ref.includes('redis'))).toBe(true);
  });

  it('creates the objects of an installed battery and prunes those of an uninstalled one', () => {
    const effect = regeneratedObjects({
      target: { core: {}, loki: {} },
      live: now.live,
      inventory: now.inventory,
    });
    const actions = new Set(effect.plan.changes.map((c) => `${c.battery}:${c.action}`));
    expect(actions).toContain('loki:create');
    expect(actions).toContain('redis:prune');
    expect([...actions].filter((a) => a.startsWith('core:'))).toEqual(['core:unchanged']);
  });

  it('carries refs and actions only: no object, hash or secret value', () => {
    const effect = regeneratedObjects({
      target: { ...then, grafana: {} },
      live: now.live,
      inventory: now.inventory,
    });
    const text = JSON.stringify(effect);
    for (const value of secretValues(now.objects)) expect(text).not.toContain(value);
    for (const change of effect.plan.changes) {
      expect(Object.keys(change).sort()).toEqual(expect.arrayContaining(['action', 'key', 'ref']));
      expect(change).not.toHaveProperty('desired');
      expect(change).not.toHaveProperty('live');
      expect(change).not.toHaveProperty('hash');
      expect(change).not.toHaveProperty('liveHash');
    }
  });

  it('names a restored spec that no longer validates', () => {
    const effect = regeneratedObjects({
      target: { core: {}, redis: { maxmemoryPolicy: 'sometimes' } },
      live: now.live,
      inventory: now.inventory,
    });
    expect(effect.problems).toHaveLength(1);
    expect(effect.problems[0]!.battery).toBe('redis');
    expect(effect.problems[0]!.message).toContain('spec.maxmemoryPolicy');
  });
});
