import { MIGRATIONS, type Migration } from './migrations/index.js';
import { holdLock } from './locks.js';
import { integer, text } from './rows.js';
import type { Sql } from './sql.js';

/** The applied versions, oldest first, as recorded in the `migrations` table. */
export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with its
 * row in `migrations`, so a failed migration leaves no trace and the next start retries it. Safe to run
 * from several processes at once: every step holds a transaction-scoped advisory lock (per schema),
 * and re-reads what is applied after taking it. Resolves with the versions it applied.
 */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  assertOrdered(migrations);
  const applied = new Set(
    await sql.transaction(async (tx) => {
      await holdLock(tx, 'migrate');
      await tx.query(`CREATE TABLE IF NOT EXISTS migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      return (await appliedMigrations(tx)).map((m) => m.version);
    }),
  );
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const ran = await sql.transaction(async (tx) => {
      await holdLock(tx, 'migrate');
      // Another process may have applied it while we waited for the lock.
      const rows = await tx.query('SELECT 1 FROM migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) done.push(migration.version);
  }
  return done;
}

/** What the `migrations` table records, oldest first. */
export async function appliedMigrations(sql: Sql): Promise<AppliedMigration[]> {
  const rows = await sql.query('SELECT version, name FROM migrations ORDER BY version');
  return rows.map((row) => ({ version: integer(row, 'version'), name: text(row, 'name') }));
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.version >= migration.version) {
      throw new Error(
        `migration ${migration.version} (${migration.name}) must come after ${previous.version}; versions ascend`,
      );
    }
  });
}
