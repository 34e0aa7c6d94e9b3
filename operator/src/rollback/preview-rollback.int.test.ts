import type { KubeObject } from '@batteries-included/batteries';
import { configMap, passRecord, result, secret } from '../store/fixtures.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import { RollbackPassNotFoundError } from './errors.js';
import { formatRollbackPreview } from './format-rollback-preview.js';
import { previewRollback } from './preview-rollback.js';
import { batteryObject } from './rollback-client.js';

// The preview from the record alone (no live objects given): specs from the pass's snapshot, objects from its
// manifest against the inventory. The cluster-backed preview is in rollback.int.test.ts.
const PASSWORD = 'SuperSecretValue-9f2c';
const battery = (type: string, spec: unknown): KubeObject => ({ ...batteryObject(type), spec });
const snapshot = (batteries: Record<string, unknown>) => ({ batteries, live: {}, secretMaterial: {} });

describe('previewRollback from the store', () => {
  let store: Store;
  const ids: number[] = [];
  const coreConfig = configMap('core-settings', { size: 'small' });
  const redisPolicy = (policy: string) => configMap('redis-config', { policy }, 'redis', 'battery-data');
  const redisPassword = secret(
    'redis-password',
    { password: PASSWORD },
    { battery: 'redis', namespace: 'battery-data' },
  );
  const lokiConfig = configMap('loki-config', { retention: '7d' }, 'loki');

  beforeAll(async () => {
    store = await createStore(await createPgliteSql());
    const record = async (batteries: Record<string, unknown>, objects: Parameters<typeof passRecord>[0]) =>
      ids.push((await store.recordPass(passRecord(objects, { snapshot: snapshot(batteries) }))).id);
    // 1: core and redis. 2: redis's policy changed, loki added. 3: redis uninstalled.
    await record({ core: {}, redis: { maxmemoryPolicy: 'noeviction' } }, [
      result('create', coreConfig),
      result('create', redisPolicy('noeviction')),
      result('create', redisPassword),
    ]);
    await record({ core: {}, redis: { maxmemoryPolicy: 'allkeys-lru' }, loki: {} }, [
      result('unchanged', coreConfig),
      result('update', redisPolicy('allkeys-lru')),
      result('unchanged', redisPassword),
      result('create', lokiConfig),
    ]);
    await record({ core: {}, loki: {} }, [
      result('unchanged', coreConfig),
      { ref: 'ConfigMap/battery-data/redis-config', action: 'prune' },
      { ref: 'Secret/battery-data/redis-password', action: 'prune' },
      result('unchanged', lokiConfig),
    ]);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
  });

  it('shows the spec diff, the uninstall and the objects by ref, from the record alone', async () => {
    const preview = await previewRollback(store, ids[0]!, {
      batteries: [
        battery('core', {}),
        battery('redis', { maxmemoryPolicy: 'allkeys-lru' }),
        battery('loki', {}),
      ],
    });
    expect(preview.batteries.map((b) => [b.type, b.action])).toEqual([
      ['core', 'unchanged'],
      ['loki', 'uninstall'],
      ['redis', 'restore-spec'],
    ]);
    // Pass 3 is the latest recorded, so the inventory is core and loki: redis's objects come back.
    const objects = preview.objects.plan.changes.map((c) => `${c.key} ${c.battery} ${c.action}`);
    expect(objects).toEqual([
      'ConfigMap/battery-core/core-settings core unchanged',
      'ConfigMap/battery-data/redis-config redis create',
      'Secret/battery-data/redis-password redis create',
      'ConfigMap/battery-core/loki-config loki prune',
    ]);
    expect(preview.objects.basis).toBe('recorded-manifest');
    const text = formatRollbackPreview(preview);
    expect(text).toContain('redis    restore spec  spec.maxmemoryPolicy  "allkeys-lru"  "noeviction"');
    expect(text).toContain('loki: its objects will be pruned; its volumes');
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(preview)).not.toContain(PASSWORD);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('limits the objects to the batteries rolled back', async () => {
    const preview = await previewRollback(
      store,
      ids[1]!,
      { batteries: [battery('core', { defaultSize: 'large' }), battery('loki', {})] },
      { batteries: ['redis'] },
    );
    expect(preview.batteries.map((b) => [b.type, b.action])).toEqual([['redis', 'install']]);
    expect(preview.objects.plan.changes.map((c) => `${c.key} ${c.action}`)).toEqual([
      'ConfigMap/battery-data/redis-config create',
      'Secret/battery-data/redis-password create',
    ]);
  });

  it('names a pass that was never recorded, and the passes kept', async () => {
    const error = await previewRollback(store, 999, { batteries: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackPassNotFoundError);
    expect((error as RollbackPassNotFoundError).reason).toBe('never-recorded');
    expect((error as Error).message).toBe(
      `pass 999 was never recorded: the passes kept are ${ids[0]} to ${ids[2]}`,
    );
  });

  it('names a reaped pass with the retention and the passes kept', async () => {
    const reaped = await createStore(await createPgliteSql());
    try {
      const first = await reaped.recordPass(passRecord([result('create', coreConfig)]));
      await reaped.recordPass(passRecord([result('unchanged', coreConfig)]));
      const last = await reaped.recordPass(passRecord([result('unchanged', coreConfig)]));
      await reaped.reap({ keepPasses: 2 });
      const error = await previewRollback(reaped, first.id, { batteries: [] }, { keepPasses: 2 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RollbackPassNotFoundError);
      expect((error as Error).message).toBe(
        `pass ${first.id} was reaped: retention keeps the newest 2 passes (BI_KEEP_PASSES); ` +
          `the passes kept are ${first.id + 1} to ${last.id}`,
      );
    } finally {
      await reaped.close();
    }
  }, 30_000);

  it('says when no pass is recorded at all, and rejects an id that is not one', async () => {
    const empty = await createStore(await createPgliteSql());
    try {
      await expect(previewRollback(empty, 1, { batteries: [] })).rejects.toThrow(
        'pass 1 was never recorded: no pass is recorded yet',
      );
      await expect(previewRollback(empty, 0, { batteries: [] })).rejects.toThrow(RangeError);
    } finally {
      await empty.close();
    }
  }, 30_000);
});
