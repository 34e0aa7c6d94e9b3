import type { Sql } from './sql.js';

/**
 * Takes a transaction-scoped advisory lock named `key`, released at COMMIT or ROLLBACK (so a crash cannot orphan
 * it). The lock is keyed by the current schema too, so databases shared by schema do not wait for each other.
 * PGlite has one session, where the lock is uncontended and costs nothing.
 * @example await sql.transaction(async (tx) => { await holdAdvisoryLock(tx, 'batteries-included/write/'); … })
 */
export async function holdAdvisoryLock(tx: Sql, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || coalesce(current_schema(), ''), 0))`, [
    key,
  ]);
}
