import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configMap, passRecord, result } from './fixtures.js';
import { createPgliteProcessSql } from './pglite-process.js';
import { createStore } from './store.js';
import { describeStoreContract } from './store.contract.js';

// The embedded store as the operator runs it: PGlite in a process of its own. initdb runs once into a template
// directory; each contract test starts from a copy of it.
let root: string;
let template: Promise<string> | undefined;
let copies = 0;
const freshDataDir = async () => {
  template ??= (async () => {
    const dir = join(root, 'template');
    await (await createPgliteProcessSql({ dataDir: dir })).close();
    return dir;
  })();
  const dir = join(root, `db-${++copies}`);
  execFileSync('cp', ['-a', await template, dir]);
  return dir;
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bi-store-process-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeStoreContract('PGlite in its own process', async () =>
  createPgliteProcessSql({ dataDir: await freshDataDir() }),
);

describe('the embedded database process', () => {
  it('creates the data directory on first start and keeps it across restarts', async () => {
    const dataDir = join(root, 'first-start');
    const first = await createStore(await createPgliteProcessSql({ dataDir }));
    const { id } = await first.recordPass(passRecord([result('create', configMap('a', { v: '1' }))]));
    await first.close();
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await createStore(await createPgliteProcessSql({ dataDir }));
    try {
      expect((await second.getPass(id))?.objects.map((o) => o.ref)).toEqual(['ConfigMap/battery-core/a']);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('answers errors with the SQLSTATE, and rolls back the transaction they happen in', async () => {
    const sql = await createPgliteProcessSql({ dataDir: await freshDataDir() });
    try {
      await sql.query('CREATE TABLE u (k text PRIMARY KEY)');
      await sql.query("INSERT INTO u VALUES ('x')");
      await expect(sql.query("INSERT INTO u VALUES ('x')")).rejects.toMatchObject({ code: '23505' });
      await expect(
        sql.transaction(async (tx) => {
          await tx.query("INSERT INTO u VALUES ('y')");
          await tx.query("INSERT INTO u VALUES ('x')");
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await sql.query('SELECT k FROM u ORDER BY k')).toEqual([{ k: 'x' }]);
      // Dates and byte arrays cross the process boundary as themselves.
      const [row] = await sql.query<{ t: Date; b: Uint8Array }>(
        "SELECT timestamptz '2026-01-02T03:04:05Z' AS t, '\\x0102'::bytea AS b",
      );
      expect(row?.t).toEqual(new Date('2026-01-02T03:04:05Z'));
      expect(Array.from(row!.b)).toEqual([1, 2]);
    } finally {
      await sql.close();
    }
  });

  it('starts the database again after its process dies, failing only the statements in flight', async () => {
    const dataDir = await freshDataDir();
    const sql = await createPgliteProcessSql({ dataDir });
    try {
      await sql.query('CREATE TABLE v (n int)');
      await sql.query('INSERT INTO v VALUES (1)');
      const pid = Number((await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid);
      expect(pid).toBeGreaterThan(0);
      // Kill the server process (the only child whose argv names this data directory).
      const server = execFileSync('pgrep', ['-f', `pglite-server.* ${dataDir}$`], {
        encoding: 'utf8',
      }).trim();
      expect(server).toMatch(/^\d+$/);
      process.kill(Number(server), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      expect(await sql.query('SELECT n FROM v')).toEqual([{ n: 1 }]);
    } finally {
      await sql.close();
    }
  });
});
