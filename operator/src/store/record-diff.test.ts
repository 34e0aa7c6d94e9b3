import { canonicalJson, hashObject } from '@batteries-included/batteries';
import { makeDocument } from './documents.js';
import { createPassMemory, manifestDocument } from './pass-memory.js';
import { configMap, removal, result, secret } from './fixtures.js';
import {
  diffBatteries,
  diffInventory,
  manifestOf,
  normalizeObjects,
  PassRecordError,
  snapshotDocumentOf,
  type InventoryState,
} from './record-diff.js';

const a = configMap('a', { v: '1' });
const b = configMap('b', { v: '1' }, 'redis', 'battery-data');
const stateOf = (object: typeof a, battery = 'core'): InventoryState => ({
  hash: hashObject(object),
  battery,
  apiVersion: 'v1',
});

describe('normalizeObjects', () => {
  it('fills in the hash of a desired object that came without one', () => {
    const [normalized] = normalizeObjects([{ ref: 'ConfigMap/battery-core/a', action: 'create', object: a }]);
    expect(normalized?.hash).toBe(hashObject(a));
  });

  it.each([
    ['a ref listed twice', [result('create', a), result('update', a)], /listed twice/],
    [
      'a prune that carries an object',
      [{ ...result('create', a), action: 'prune' as const }],
      /carries no desired object/,
    ],
    [
      'a create without its object',
      [removal('failed', 'x'), { ref: 'y', action: 'create' as const }],
      /needs its desired object/,
    ],
    [
      'an object filed under another ref',
      [{ ...result('create', a), ref: 'ConfigMap/battery-core/b' }],
      /own ref is ConfigMap\/battery-core\/a/,
    ],
  ])('rejects %s, naming the ref', (_name, objects, message) => {
    expect(() => normalizeObjects(objects)).toThrow(PassRecordError);
    expect(() => normalizeObjects(objects)).toThrow(message);
  });
});

describe('manifestOf', () => {
  it('lists desired objects (failed ones included) as sorted [ref, hash], leaving out removals', () => {
    const manifest = manifestOf([
      result('failed', b),
      removal('prune', 'ConfigMap/a/gone'),
      result('unchanged', a),
    ]);
    expect(manifest).toEqual([
      ['ConfigMap/battery-core/a', hashObject(a)],
      ['ConfigMap/battery-data/b', hashObject(b)],
    ]);
  });
});

describe('snapshotDocumentOf', () => {
  it('keeps battery specs and sorted live refs, and drops secret material and live bodies', () => {
    const document = snapshotDocumentOf({
      batteries: { core: { x: 1 } },
      live: {
        'Secret/battery-core/db': secret('db', { password: 'pw-live-value' }),
        'ConfigMap/battery-core/a': a,
      },
      secretMaterial: { 'core/password': 'minted-value' },
    });
    expect(document).toEqual({
      batteries: { core: { x: 1 } },
      live: ['ConfigMap/battery-core/a', 'Secret/battery-core/db'],
    });
  });
});

describe('diffInventory', () => {
  it('writes nothing when every object is already recorded with its hash', () => {
    const current = new Map([
      ['ConfigMap/battery-core/a', stateOf(a)],
      ['ConfigMap/battery-data/b', stateOf(b, 'redis')],
    ]);
    expect(diffInventory(current, [result('unchanged', a), result('drifted', b)])).toEqual({
      writes: [],
      deletes: [],
    });
  });

  it('writes new and changed objects with their metadata, and deletes pruned and orphaned ones', () => {
    const a2 = configMap('a', { v: '2' });
    const current = new Map([
      ['ConfigMap/battery-core/a', stateOf(a)],
      ['ConfigMap/x/gone', { hash: 'h', battery: 'core', apiVersion: 'v1' }],
      ['PersistentVolumeClaim/x/data', { hash: 'h', battery: 'core', apiVersion: 'v1' }],
    ]);
    const diff = diffInventory(current, [
      result('update', a2),
      result('create', b),
      removal('prune', 'ConfigMap/x/gone'),
      removal('orphan', 'PersistentVolumeClaim/x/data'),
      removal('prune', 'ConfigMap/x/never-recorded'),
    ]);
    expect(diff.deletes).toEqual(['ConfigMap/x/gone', 'PersistentVolumeClaim/x/data']);
    expect(diff.writes.map(({ object: _object, ...write }) => write)).toEqual([
      {
        ref: 'ConfigMap/battery-core/a',
        hash: hashObject(a2),
        battery: 'core',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'battery-core',
        name: 'a',
      },
      {
        ref: 'ConfigMap/battery-data/b',
        hash: hashObject(b),
        battery: 'redis',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'battery-data',
        name: 'b',
      },
    ]);
  });

  it('keeps the last applied entry when an update fails, adds a failed create, and keeps a failed prune', () => {
    const a2 = configMap('a', { v: '2' });
    const current = new Map([
      ['ConfigMap/battery-core/a', stateOf(a)],
      ['ConfigMap/x/stuck', { hash: 'h', battery: 'core', apiVersion: 'v1' }],
    ]);
    const diff = diffInventory(current, [
      result('failed', a2),
      result('failed', b),
      removal('failed', 'ConfigMap/x/stuck'),
    ]);
    expect(diff.deletes).toEqual([]);
    expect(diff.writes.map((write) => write.ref)).toEqual(['ConfigMap/battery-data/b']);
  });

  it('rewrites an entry whose battery label changed though its hash did not', () => {
    const current = new Map([['ConfigMap/battery-core/a', stateOf(a, 'other')]]);
    expect(diffInventory(current, [{ ...result('unchanged', a) }]).writes).toHaveLength(1);
  });
});

describe('diffBatteries', () => {
  it('records new and changed specs and deletions, not unchanged specs or batteries already recorded as deleted', () => {
    const latest = new Map<string, string | undefined>([
      ['core', 'h1'],
      ['redis', 'h2'],
      ['gone', 'h3'],
      ['long-gone', undefined],
    ]);
    const specs = new Map([
      ['core', 'h1'],
      ['redis', 'h2-changed'],
      ['grafana', 'h4'],
    ]);
    expect(diffBatteries(latest, specs)).toEqual([
      { battery: 'gone' },
      { battery: 'grafana', specHash: 'h4' },
      { battery: 'redis', specHash: 'h2-changed' },
    ]);
  });
});

describe('the manifest document', () => {
  it('hashes the same as the canonical JSON of its entries', () => {
    const entries: [string, string][] = [
      ['ConfigMap/a/"quoted"', 'h1'],
      ['v1/ConfigMap/b/ü', 'h2'],
    ];
    const memo = manifestDocument(createPassMemory(), entries);
    expect(memo.document).toEqual(makeDocument('manifest', entries));
    expect(memo.document.json).toBe(canonicalJson(entries));
  });
});
