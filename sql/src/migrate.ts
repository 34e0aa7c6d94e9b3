import { holdAdvisoryLock } from './advisory-lock.js';
import { MigrationError, type AppliedMigration, type Migration } from './migration.js';
import { integer, text } from './rows.js';
import type { Sql } from './sql.js';
import { sqlState } from './sql-state.js';

export interface MigrateOptions {
  /**
   * The advisory lock every migrating process takes (per schema). Default `batteries-included/migrate/`; a
   * database with a schema of its own keeps the key it was first migrated under, so old and new processes agree.
   */
  lockKey?: string;
}

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with its row in
 * `migrations`, so a failed migration leaves no trace (the error names it; later ones are not tried) and the next
 * start retries it. Safe to run from several processes at once: every step holds a transaction-scoped advisory
 * lock and re-reads what is applied after taking it. Resolves with the versions it applied, in order.
 * @example await migrate(sql, MIGRATIONS)
 */
export async function migrate(
  sql: Sql,
  migrations: readonly Migration[],
  { lockKey = 'batteries-included/migrate/' }: MigrateOptions = {},
): Promise<number[]> {
  assertOrdered(migrations);
  const applied = new Set(
    await sql.transaction(async (tx) => {
      await holdAdvisoryLock(tx, lockKey);
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
    if (await applyOne(sql, migration, lockKey)) done.push(migration.version);
  }
  return done;
}

/** Runs one migration unless another process applied it while we waited for the lock. */
async function applyOne(sql: Sql, migration: Migration, lockKey: string): Promise<boolean> {
  try {
    return await sql.transaction(async (tx) => {
      await holdAdvisoryLock(tx, lockKey);
      const rows = await tx.query('SELECT 1 FROM migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(migration, `failed and was rolled back: ${reason}`, {
      cause: error,
      code: sqlState(error),
    });
  }
}

/** What the `migrations` table records, oldest first. */
export async function appliedMigrations(sql: Sql): Promise<AppliedMigration[]> {
  const rows = await sql.query('SELECT version, name FROM migrations ORDER BY version');
  return rows.map((row) => ({ version: integer(row, 'version'), name: text(row, 'name') }));
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (!Number.isSafeInteger(migration.version) || migration.version < 1) {
      throw new MigrationError(migration, 'has no valid version: versions are positive integers');
    }
    const previous = migrations[index - 1];
    if (previous && previous.version >= migration.version) {
      throw new MigrationError(
        migration,
        `must come after ${previous.version} (${previous.name}): versions ascend, nothing was applied`,
      );
    }
  });
}
