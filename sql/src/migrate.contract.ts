import { appliedMigrations, migrate } from './migrate.js';
import { MigrationError, type Migration } from './migration.js';
import type { Sql } from './sql.js';
import { SQLSTATE } from './sql-state.js';

const first: Migration = {
  version: 1,
  name: 'first',
  statements: ['CREATE TABLE one (n integer)', 'INSERT INTO one VALUES (1)'],
};
const second: Migration = { version: 2, name: 'second', statements: ['CREATE TABLE two (n integer)'] };
const third: Migration = {
  version: 5,
  name: 'third',
  statements: ['ALTER TABLE two ADD COLUMN label text', "INSERT INTO two VALUES (2, 'two')"],
};
/** Creates a table, then fails: what it did first must not stay. */
const failing: Migration = {
  version: 3,
  name: 'failing',
  statements: [
    'CREATE TABLE half (n integer)',
    'INSERT INTO half VALUES (1)',
    "INSERT INTO one VALUES ('not a number')",
  ],
};

async function tables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name IN ('one', 'two', 'half') ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

/** The migration runner's behaviour on every adapter; `openSql` gives a fresh, empty database per call. */
export function describeMigrationContract(openSql: () => Promise<Sql>): void {
  describe('migrations', () => {
    let sql: Sql;
    beforeEach(async () => {
      sql = await openSql();
    }, 60_000);
    afterEach(() => sql?.close(), 60_000);

    it('applies pending migrations once, in version order, and records each', async () => {
      expect(await migrate(sql, [first, second])).toEqual([1, 2]);
      expect(await migrate(sql, [first, second, third])).toEqual([5]);
      expect(await migrate(sql, [first, second, third])).toEqual([]);
      expect(await appliedMigrations(sql)).toEqual([
        { version: 1, name: 'first' },
        { version: 2, name: 'second' },
        { version: 5, name: 'third' },
      ]);
      expect(await sql.query('SELECT n FROM one')).toEqual([{ n: 1 }]);
      expect(await sql.query('SELECT n, label FROM two')).toEqual([{ n: 2, label: 'two' }]);
    });

    it('applies each migration once when several runs start together', async () => {
      const runs = await Promise.all([1, 2, 3].map(() => migrate(sql, [first, second, third])));
      expect(runs.flat().sort((a, b) => a - b)).toEqual([1, 2, 5]);
      expect(await sql.query('SELECT n FROM one')).toEqual([{ n: 1 }]);
      expect((await appliedMigrations(sql)).map((m) => m.version)).toEqual([1, 2, 5]);
    });

    it('leaves nothing of a failing migration, names it, and does not try the ones after it', async () => {
      const error = await migrate(sql, [first, second, failing, third]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(error).toMatchObject({
        message: expect.stringMatching(/^migration 3 \(failing\) failed and was rolled back: /),
        migration: { version: 3, name: 'failing' },
        code: SQLSTATE.invalidTextRepresentation,
      });
      expect(await tables(sql)).toEqual(['one', 'two']);
      expect((await appliedMigrations(sql)).map((m) => m.version)).toEqual([1, 2]);

      // Fixed, the next start applies it and the rest.
      const fixed = { ...failing, statements: failing.statements.slice(0, 2) };
      expect(await migrate(sql, [first, second, fixed, third])).toEqual([3, 5]);
      expect(await tables(sql)).toEqual(['half', 'one', 'two']);
    });

    it('refuses a list out of version order before applying anything', async () => {
      await expect(migrate(sql, [second, first])).rejects.toThrow(
        'migration 1 (first) must come after 2 (second): versions ascend, nothing was applied',
      );
      await expect(migrate(sql, [{ ...first, version: 0 }])).rejects.toThrow(
        'migration 0 (first) has no valid version: versions are positive integers',
      );
      expect(await tables(sql)).toEqual([]);
    });
  });
}
