import { Buffer } from 'node:buffer';
import { hashObject, objectKey } from '@batteries-included/batteries';
import { appliedMigrations, migrate, type Row, type Sql } from '@batteries-included/sql';
import { configMap, passRecord, removal, result, secret } from './fixtures.js';
import { MIGRATIONS } from './migrations/index.js';
import { createStore, type Store } from './store.js';
import type { ObjectResult } from './types.js';

/** Every table the store writes. */
const TABLES = [
  'settings',
  'documents',
  'passes',
  'pass_objects',
  'inventory',
  'battery_history',
  'migrations',
  'bundle_contents',
  'bundle_pins',
] as const;

/**
 * The behaviour every store backend must show, run against a real PostgreSQL server and against
 * PGlite. `openSql` must give a fresh, empty database (or schema) on every call.
 */
export function describeStoreContract(name: string, openSql: () => Promise<Sql>): void {
  describe(`store contract: ${name}`, () => {
    let sql: Sql;
    let store: Store;

    // Opening a PGlite database from the template takes ~0.7 s idle and several seconds on a loaded 2-core
    // machine: give the hooks room (this is a timeout, not an assertion on time).
    beforeEach(async () => {
      sql = await openSql();
      store = await createStore(sql);
    }, 60_000);
    afterEach(async () => {
      await store?.close();
    }, 60_000);

    it('runs every migration once and records it, however often and concurrently it starts', async () => {
      const again = await Promise.all([
        migrate(sql, MIGRATIONS),
        migrate(sql, MIGRATIONS),
        migrate(sql, MIGRATIONS),
      ]);
      expect(again.flat()).toEqual([]);
      expect(await appliedMigrations(sql)).toEqual(
        MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );

      const fresh = await openSql();
      try {
        const applied = await Promise.all([
          migrate(fresh, MIGRATIONS),
          migrate(fresh, MIGRATIONS),
          migrate(fresh, MIGRATIONS),
        ]);
        expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await appliedMigrations(fresh)).toHaveLength(MIGRATIONS.length);
      } finally {
        await fresh.close();
      }
    });

    it('caches bundle content by digest, once, and pins the first digest a bundle is seen with', async () => {
      const first = 'a'.repeat(64);
      const other = 'b'.repeat(64);
      expect(await store.getBundleContent(first)).toBeUndefined();
      await store.putBundleContent(first, 'kind: ConfigMap\n');
      await store.putBundleContent(first, 'kind: ConfigMap\n');
      expect(await store.getBundleContent(first)).toBe('kind: ConfigMap\n');
      expect(await count(sql, 'bundle_contents')).toBe(1);

      expect(await store.getBundlePin('cert-manager@v1.19.2')).toBeUndefined();
      const pinned = await store.pinBundle('cert-manager@v1.19.2', first, 'https://example.com/a.yaml');
      expect(pinned).toMatchObject({
        key: 'cert-manager@v1.19.2',
        digest: first,
        source: 'https://example.com/a.yaml',
      });
      expect(pinned.pinnedAt).toBeInstanceOf(Date);
      // A later, different digest does not replace the pin: the caller sees the first and refuses.
      const again = await store.pinBundle('cert-manager@v1.19.2', other, 'pushed');
      expect(again).toMatchObject({ digest: first, source: 'https://example.com/a.yaml' });
      const racing = await Promise.all([
        store.pinBundle('metallb@v0.15.3', first, 'one'),
        store.pinBundle('metallb@v0.15.3', other, 'two'),
      ]);
      expect(racing[0].digest).toBe(racing[1].digest);
      expect((await store.listBundlePins()).map((p) => p.key)).toEqual([
        'cert-manager@v1.19.2',
        'metallb@v0.15.3',
      ]);
      await expect(store.putBundleContent('not-a-digest', 'x')).rejects.toThrow();
    });

    it('keeps one redaction key across restarts', async () => {
      const reopened = await createStore(sql);
      expect(reopened.redactor.digest('some-value')).toBe(store.redactor.digest('some-value'));
      expect(await sql.query('SELECT name FROM settings')).toEqual([{ name: 'redaction-key' }]);
    });

    it('stores a document referenced by two passes once', async () => {
      const map = configMap('settings', { level: 'info' });
      const first = await store.recordPass(passRecord([result('create', map)]));
      const second = await store.recordPass(
        passRecord([result('drifted', map)], { trigger: 'object', inputsHash: 'b'.repeat(64) }),
      );

      const [one, two] = [await store.getPass(first.id), await store.getPass(second.id)];
      const documentHash = one?.objects[0]?.documentHash;
      expect(documentHash).toBeDefined();
      expect(two?.objects[0]?.documentHash).toBe(documentHash);
      expect(second.manifestHash).toBe(first.manifestHash);
      expect(second.snapshotHash).toBe(first.snapshotHash);
      expect(await count(sql, 'documents')).toBe(4); // object, manifest, snapshot, core spec
      expect((await store.getDocument(documentHash!))?.body).toEqual(map);
    });

    it('adds one passes row of under 1 KB for a no-op pass, and under 1 KB per pass on disk', async () => {
      const objects = platform(120);
      const snapshot = {
        ...passRecord([]).snapshot,
        live: Object.fromEntries(objects.map((o) => [objectKey(o), o])),
      };
      await store.recordPass(
        passRecord(
          objects.map((o) => result('create', o)),
          { snapshot, trigger: 'startup' },
        ),
      );
      const noOp = () =>
        passRecord(
          objects.map((o) => result('unchanged', o)),
          { snapshot },
        );

      const before = await tableSizes(sql);
      const { id } = await store.recordPass(noOp());
      const after = await tableSizes(sql);
      for (const table of TABLES) {
        expect({ table, rows: after[table].rows }).toEqual({
          table,
          rows: before[table].rows + (table === 'passes' ? 1 : 0),
        });
      }
      const [row] = await sql.query('SELECT pg_column_size(p.*) AS bytes FROM passes p WHERE id = $1', [id]);
      expect(Number(row?.bytes)).toBeLessThan(1024);
      expect(sum(after) - sum(before)).toBeLessThan(1024);

      // On disk, tables and indexes together, averaged over enough passes to see past 8 KB pages.
      const passes = 64;
      const disk = await diskBytes(sql);
      for (let n = 0; n < passes; n++) await store.recordPass(noOp());
      expect((await diskBytes(sql)) - disk).toBeLessThan(1024 * passes);
    }, 60_000);

    it('never writes a Secret value to any table', async () => {
      const values = [
        'generated-password-1',
        'user-supplied-token-2',
        'minted-material-3',
        'live-only-value-4',
      ];
      const db = secret('db', { password: values[0]! }, { stringData: { token: values[1]! } });
      const live = secret('live', { key: values[3]! });
      const rejected = configMap('rejected', { note: 'x' });
      const { id } = await store.recordPass(
        passRecord(
          [
            result('create', db),
            result('failed', rejected, { message: `admission webhook denied: token ${values[1]} is weak` }),
          ],
          {
            status: 'partial',
            error: `failed with ${values[2]} in context`,
            snapshot: {
              batteries: { core: {} },
              live: { [objectKey(live)]: live },
              secretMaterial: { 'core/password': values[0]!, 'core/other': values[2]! },
            },
          },
        ),
      );
      const forbidden = values.flatMap((value) => [value, Buffer.from(value).toString('base64')]);
      for (const table of TABLES) {
        const rows = await sql.query(`SELECT t::text AS row FROM ${table} t`);
        for (const { row } of rows)
          for (const value of forbidden)
            expect({ table, leaked: String(row).includes(value) }).toEqual({ table, leaked: false });
      }
      // Redacted, not dropped: the stored Secret carries digests that match the store's redactor.
      const [stored] = (await store.getPass(id))!.objects.filter((o) => o.ref === objectKey(db));
      const body = (await store.getDocument(stored!.documentHash!))?.body as {
        data: Record<string, string>;
        stringData: Record<string, string>;
      };
      expect(body.data.password).toBe(store.redactor.digest(values[0]!));
      expect(body.stringData.token).toBe(store.redactor.digest(values[1]!));
    });

    it('round-trips a pass: times, status, error, counts and every changed or failed object', async () => {
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => configMap(n, { v: '1' }));
      await store.recordPass(passRecord([a, b, c, d].map((o) => result('create', o!))));
      const b2 = configMap('b', { v: '2' });
      const e = configMap('e', { v: '1' });
      const objects: ObjectResult[] = [
        result('unchanged', a!),
        result('update', b2, { durationMs: 12.4 }),
        result('drifted', c!, { durationMs: 3 }),
        removal('prune', objectKey(d!), hashObject(d!)),
        removal('orphan', 'PersistentVolumeClaim/battery-data/pg-0'),
        result('failed', e, { durationMs: 40, message: 'ConfigMap/battery-core/e: Forbidden' }),
        { ref: 'ConfigMap/battery-core/stuck', action: 'failed', message: 'delete timed out' },
      ];
      const record = passRecord(objects, {
        status: 'partial',
        trigger: 'battery:core',
        inputsHash: 'c'.repeat(64),
        error: 'two objects failed',
      });
      const recorded = await store.recordPass(record);

      const pass = await store.getPass(recorded.id);
      expect(pass).toEqual({
        id: recorded.id,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt,
        trigger: 'battery:core',
        status: 'partial',
        inputsHash: 'c'.repeat(64),
        manifestHash: recorded.manifestHash,
        snapshotHash: recorded.snapshotHash,
        counts: { created: 0, updated: 1, unchanged: 1, drifted: 1, pruned: 1, orphaned: 1, failed: 2 },
        error: 'two objects failed',
        objects: [
          {
            ref: 'ConfigMap/battery-core/b',
            action: 'update',
            hash: hashObject(b2),
            documentHash: expect.any(String),
            durationMs: 12,
          },
          {
            ref: 'ConfigMap/battery-core/c',
            action: 'drifted',
            hash: hashObject(c!),
            documentHash: expect.any(String),
            durationMs: 3,
          },
          { ref: 'ConfigMap/battery-core/d', action: 'prune', hash: hashObject(d!) },
          {
            ref: 'ConfigMap/battery-core/e',
            action: 'failed',
            hash: hashObject(e),
            documentHash: expect.any(String),
            durationMs: 40,
            message: 'ConfigMap/battery-core/e: Forbidden',
          },
          { ref: 'ConfigMap/battery-core/stuck', action: 'failed', message: 'delete timed out' },
          { ref: 'PersistentVolumeClaim/battery-data/pg-0', action: 'orphan', hash: 'f'.repeat(64) },
        ],
      });
      expect((await store.getDocument(recorded.manifestHash))?.body).toEqual(
        [a, b2, c, e].map((o) => [objectKey(o!), hashObject(o!)]),
      );
      expect(await store.getPass(recorded.id + 1)).toBeUndefined();
    });

    it('keeps the inventory as the managed set, writing only what a pass changed', async () => {
      const [a, b] = [configMap('a', { v: '1' }), configMap('b', { v: '1' }, 'redis', 'battery-data')];
      const first = await store.recordPass(passRecord([result('create', a), result('create', b)]));
      const a2 = configMap('a', { v: '2' });
      const second = await store.recordPass(
        passRecord([result('update', a2), removal('prune', objectKey(b), hashObject(b))]),
      );
      const inventory = await store.getInventory();
      expect(inventory).toEqual([
        {
          ref: 'ConfigMap/battery-core/a',
          hash: hashObject(a2),
          documentHash: expect.any(String),
          battery: 'core',
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'battery-core',
          name: 'a',
          passId: second.id,
        },
      ]);
      expect((await store.getDocument(inventory[0]!.documentHash))?.body).toEqual(a2);
      await store.recordPass(passRecord([result('unchanged', a2)]));
      expect((await store.getInventory())[0]?.passId).toBe(second.id);
      expect(first.id).toBeLessThan(second.id);
    });

    it('keeps the inventory in memory between passes, yet reads what another process recorded or reaped', async () => {
      // A second operator process on the same database (it shares this test's connection, so it is not closed).
      const other = await createStore(sql);
      const refs = async (of: Store) => (await of.getInventory()).map((entry) => [entry.ref, entry.passId]);
      const [a, b, c] = ['a', 'b', 'c'].map((name) => configMap(name, { v: '1' })) as [
        ReturnType<typeof configMap>,
        ReturnType<typeof configMap>,
        ReturnType<typeof configMap>,
      ];
      const first = await store.recordPass(passRecord([result('create', a)]));
      expect(await refs(other)).toEqual([['ConfigMap/battery-core/a', first.id]]);
      expect(await store.getInventory()).toBe(await store.getInventory());

      const byOther = await other.recordPass(
        passRecord([removal('prune', objectKey(a), hashObject(a)), result('create', b)]),
      );
      expect(await refs(other)).toEqual([['ConfigMap/battery-core/b', byOther.id]]);

      // This store's next pass starts from what the other recorded (not from what it remembers: a alone): b is
      // unchanged, c is new, and a is not written back.
      const third = await store.recordPass(passRecord([result('unchanged', b), result('create', c)]));
      const expected = [
        ['ConfigMap/battery-core/b', byOther.id],
        ['ConfigMap/battery-core/c', third.id],
      ];
      expect(await refs(other)).toEqual(expected);
      expect(await refs(store)).toEqual(expected);
      expect(await count(sql, 'inventory')).toBe(2);

      // A reap elsewhere clears the pass of entries whose pass is gone.
      await other.reap({ keepPasses: 1 });
      expect(await refs(store)).toEqual([
        ['ConfigMap/battery-core/b', undefined],
        ['ConfigMap/battery-core/c', third.id],
      ]);
    });

    it('records each Battery spec change once, with its generation and field manager, and deletions', async () => {
      const snapshot = (batteries: Record<string, unknown>) => ({ batteries, live: {}, secretMaterial: {} });
      const changedAt = new Date('2026-11-20T08:00:00.000Z');
      const one = await store.recordPass(
        passRecord([], {
          snapshot: snapshot({ core: {}, redis: { replicas: 1 } }),
          batteries: { redis: { generation: 1, fieldManager: 'kubectl-client-side-apply', changedAt } },
        }),
      );
      await store.recordPass(passRecord([], { snapshot: snapshot({ core: {}, redis: { replicas: 1 } }) }));
      const three = await store.recordPass(
        passRecord([], {
          snapshot: snapshot({ core: {}, redis: { replicas: 3 } }),
          batteries: { redis: { generation: 2, fieldManager: 'bi-console' } },
        }),
      );
      const four = await store.recordPass(passRecord([], { snapshot: snapshot({ core: {} }) }));

      const history = await store.batteryHistory('redis');
      expect(history.map(({ id: _id, ...entry }) => entry)).toEqual([
        { battery: 'redis', changedAt: (await store.getPass(four.id))!.startedAt, passId: four.id },
        {
          battery: 'redis',
          generation: 2,
          specHash: expect.any(String),
          fieldManager: 'bi-console',
          changedAt: expect.any(Date),
          passId: three.id,
        },
        {
          battery: 'redis',
          generation: 1,
          specHash: expect.any(String),
          fieldManager: 'kubectl-client-side-apply',
          changedAt,
          passId: one.id,
        },
      ]);
      expect((await store.getDocument(history[1]!.specHash!))?.body).toEqual({ replicas: 3 });
      expect(await store.batteryHistory('core')).toHaveLength(1);
    });

    it("lists an object's recorded versions across passes, newest first", async () => {
      const versions = ['1', '2', '3'].map((v) => configMap('a', { v }));
      const ids: number[] = [];
      ids.push((await store.recordPass(passRecord([result('create', versions[0]!)]))).id);
      await store.recordPass(passRecord([result('unchanged', versions[0]!)]));
      ids.push((await store.recordPass(passRecord([result('update', versions[1]!)]))).id);
      ids.push((await store.recordPass(passRecord([result('update', versions[2]!)]))).id);
      ids.push(
        (
          await store.recordPass(
            passRecord([removal('prune', objectKey(versions[2]!), hashObject(versions[2]!))]),
          )
        ).id,
      );

      const history = await store.documentHistory('ConfigMap/battery-core/a');
      expect(history.map((v) => [v.passId, v.action, v.hash])).toEqual([
        [ids[3], 'prune', hashObject(versions[2]!)],
        [ids[2], 'update', hashObject(versions[2]!)],
        [ids[1], 'update', hashObject(versions[1]!)],
        [ids[0], 'create', hashObject(versions[0]!)],
      ]);
      const bodies = await Promise.all(
        history.slice(1).map(async (v) => (await store.getDocument(v.documentHash!))?.body),
      );
      expect(bodies).toEqual([versions[2], versions[1], versions[0]]);
    });

    it('reaps all but the newest passes and the documents only they referenced, keeping documents still referenced', async () => {
      const versions = ['1', '2', '3', '4', '5'].map((v) => configMap('a', { v }));
      const passes = [];
      for (const [index, version] of versions.entries()) {
        passes.push(await store.recordPass(passRecord([result(index === 0 ? 'create' : 'update', version)])));
      }
      const documentOf = async (id: number) => (await store.getPass(id))!.objects[0]!.documentHash!;
      const objectDocuments = await Promise.all(passes.map((p) => documentOf(p.id)));
      const [specHash] = (await store.batteryHistory('core')).map((h) => h.specHash!);

      expect(await store.reap({ keepPasses: 2 })).toEqual({ passes: 3, documents: 6 });
      expect((await store.listPasses()).passes.map((p) => p.id)).toEqual([passes[4]!.id, passes[3]!.id]);
      for (const gone of [...objectDocuments.slice(0, 3), ...passes.slice(0, 3).map((p) => p.manifestHash)]) {
        expect(await store.getDocument(gone)).toBeUndefined();
      }
      // Still referenced: by the kept passes, the inventory, and Battery history (whose pass was reaped).
      for (const kept of [...objectDocuments.slice(3), passes[4]!.snapshotHash, specHash!]) {
        expect(await store.getDocument(kept)).toBeDefined();
      }
      expect(await store.batteryHistory('core')).toEqual([
        expect.not.objectContaining({ passId: expect.anything() }),
      ]);
      expect(await store.getPass(passes[0]!.id)).toBeUndefined();
      expect(await count(sql, 'pass_objects')).toBe(2);

      // By age: the newest pass is younger than the cut-off, so only the older one goes.
      const cutoff = new Date((await store.getPass(passes[4]!.id))!.startedAt.getTime() - 1);
      expect(await store.reap({ keepPasses: 0, olderThan: cutoff })).toEqual({ passes: 1, documents: 2 });
      expect(await store.reap({ keepPasses: 0, olderThan: cutoff })).toEqual({ passes: 0, documents: 0 });
    });

    it('leaves nothing half-written when recording a pass fails', async () => {
      const a = configMap('a', { v: '1' });
      await store.recordPass(passRecord([result('create', a)]));
      const before = await dump(sql);
      // The Battery history insert is the last write of a pass; a generation that is not an integer fails it.
      const failing = passRecord(
        [result('update', configMap('a', { v: '2' })), result('create', configMap('b', { v: '1' }))],
        {
          snapshot: { batteries: { core: {}, redis: {} }, live: {}, secretMaterial: {} },
          batteries: { redis: { generation: 1.5 } },
        },
      );
      await expect(store.recordPass(failing)).rejects.toThrow();
      expect(await dump(sql)).toEqual(before);
      // And the store carries on.
      await store.recordPass(passRecord([result('unchanged', a)]));
      expect(await count(sql, 'passes')).toBe(2);
    });

    it('pages passes newest first without repeats or gaps while new passes are recorded', async () => {
      const statuses = [
        'succeeded',
        'failed',
        'succeeded',
        'partial',
        'failed',
        'succeeded',
        'superseded',
      ] as const;
      const ids: number[] = [];
      for (const status of statuses) ids.push((await store.recordPass(passRecord([], { status }))).id);

      const seen: number[] = [];
      let page = await store.listPasses({ limit: 3 });
      for (;;) {
        seen.push(...page.passes.map((p) => p.id));
        await store.recordPass(passRecord([])); // newer passes must not shift older pages
        if (page.nextBefore === undefined) break;
        page = await store.listPasses({ limit: 3, before: page.nextBefore });
      }
      expect(seen).toEqual([...ids].reverse());

      const failed = await store.listPasses({ status: 'failed', limit: 1 });
      expect(failed.passes.map((p) => p.id)).toEqual([ids[4]]);
      expect(
        (await store.listPasses({ status: 'failed', before: failed.nextBefore })).passes.map((p) => p.id),
      ).toEqual([ids[1]]);
      await expect(store.listPasses({ limit: 0 })).rejects.toThrow(RangeError);
    });
  });
}

/** A platform-sized object set: ConfigMaps and a Secret per battery. */
function platform(size: number) {
  return Array.from({ length: size }, (_, n) =>
    n % 10 === 0
      ? secret(`secret-${n}`, { password: `password-number-${n}` }, { battery: `battery-${n % 7}` })
      : configMap(
          `config-${n}`,
          { 'settings.yaml': `replicas: ${n}\nlevel: info\n`.repeat(4) },
          `battery-${n % 7}`,
        ),
  );
}

async function count(sql: Sql, table: string): Promise<number> {
  const [row] = await sql.query(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(row?.n);
}

type Sizes = Record<(typeof TABLES)[number], { rows: number; bytes: number }>;

/** Rows and summed row sizes (`pg_column_size` of each whole row) per table. */
async function tableSizes(sql: Sql): Promise<Sizes> {
  const sizes = {} as Sizes;
  for (const table of TABLES) {
    const [row] = await sql.query(
      `SELECT count(*)::int AS rows, coalesce(sum(pg_column_size(t.*)), 0)::int AS bytes FROM ${table} t`,
    );
    sizes[table] = { rows: Number(row?.rows), bytes: Number(row?.bytes) };
  }
  return sizes;
}

function sum(sizes: Sizes): number {
  return Object.values(sizes).reduce((total, size) => total + size.bytes, 0);
}

/** Main-fork bytes of the store's tables, their TOAST tables and every index, in the current schema. */
async function diskBytes(sql: Sql): Promise<number> {
  const [row] = await sql.query(`
    WITH own AS (SELECT oid, reltoastrelid FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'),
         rels AS (
           SELECT oid FROM own
           UNION SELECT reltoastrelid FROM own WHERE reltoastrelid <> 0
           UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM own UNION SELECT reltoastrelid FROM own))
    SELECT sum(pg_relation_size(oid))::bigint AS bytes FROM rels`);
  return Number(row?.bytes);
}

/** Every row of every store table, as text, for before/after comparisons. */
async function dump(sql: Sql): Promise<Record<string, Row[]>> {
  const tables: Record<string, Row[]> = {};
  for (const table of TABLES)
    tables[table] = await sql.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
  return tables;
}
