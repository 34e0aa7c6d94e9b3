import { MIGRATIONS, type Migration } from './migrations.js';
import type { Sql } from './sql.js';

/**
 * Brings the schema up to date: each pending migration runs in its own transaction with its row in
 * `migrations`, under a transaction-scoped advisory lock so several processes may start at once.
 * Resolves with the versions it applied.
 */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const done: number[] = [];
  await sql.transaction(async (tx) => {
    await lock(tx);
    await tx.query(`CREATE TABLE IF NOT EXISTS migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      await lock(tx);
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

async function lock(tx: Sql): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || coalesce(current_schema(), ''), 0))`, [
    'batteries-included/homebase/migrate/',
  ]);
}
