import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPgliteProcessSql } from './pglite-process.js';
import { describeSqlContract } from './sql.contract.js';
import { testDataDirs } from './testing/test-data-dirs.js';

// PGlite in a process of its own, as the operator runs it. initdb runs once into a template directory; each test
// starts from a copy of it.
const dirs = testDataDirs();
afterAll(() => dirs.removeAll());

describeSqlContract('PGlite in its own process', async () =>
  createPgliteProcessSql({ dataDir: await dirs.fresh() }),
);

/** Kills the database process serving `dataDir` (the only one whose argv names that directory). */
function killServer(dataDir: string): void {
  const server = execFileSync('pgrep', ['-f', `pglite-server.* ${dataDir}$`], { encoding: 'utf8' }).trim();
  expect(server).toMatch(/^\d+$/);
  process.kill(Number(server), 'SIGKILL');
}

describe('the embedded database process', () => {
  it('creates the data directory with initdb on first start, and tells its pid', async () => {
    const dataDir = await dirs.path('first-start');
    const sql = await createPgliteProcessSql({ dataDir });
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(sql.serverPid()).toEqual(expect.any(Number));
      expect(sql.serverPid()).not.toBe(process.pid);
    } finally {
      await sql.close();
    }
    expect(sql.serverPid()).toBeUndefined();
  }, 60_000);

  it('answers errors with the SQLSTATE, and rolls back the transaction they happen in', async () => {
    const sql = await createPgliteProcessSql({ dataDir: await dirs.fresh() });
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
    const dataDir = await dirs.fresh();
    const lines: string[] = [];
    const sql = await createPgliteProcessSql({ dataDir, onLog: (line) => lines.push(line) });
    try {
      await sql.query('CREATE TABLE v (n int)');
      await sql.query('INSERT INTO v VALUES (1)');
      const pid = Number((await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid);
      expect(pid).toBeGreaterThan(0);
      killServer(dataDir);
      await new Promise((r) => setTimeout(r, 200));
      expect(await sql.query('SELECT n FROM v')).toEqual([{ n: 1 }]);
      expect(lines).toContainEqual(expect.stringMatching(/embedded database process exited \(SIGKILL\)/));
    } finally {
      await sql.close();
    }
  });

  it('fails a transaction its process died in as a whole, never running the rest on the new process', async () => {
    const dataDir = await dirs.fresh();
    const sql = await createPgliteProcessSql({ dataDir });
    try {
      await sql.query('CREATE TABLE w (n int)');
      const outcome = await sql
        .transaction(async (tx) => {
          await tx.query('INSERT INTO w VALUES (1)');
          killServer(dataDir);
          await new Promise((r) => setTimeout(r, 200));
          // Each later statement of this transaction is refused, even when the callback swallows the failure.
          await tx.query('INSERT INTO w VALUES (2)').catch(() => undefined);
          await tx.query('INSERT INTO w VALUES (3)').catch(() => undefined);
          return 'swallowed';
        })
        .catch((error: Error) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(/embedded database process exited/);
      expect(await sql.query('SELECT n FROM w')).toEqual([]);
    } finally {
      await sql.close();
    }
  });
});
