import type { Sql } from './sql.js';

/**
 * What a lock guards: `migrate` serializes schema changes between processes; `write` serializes
 * recording passes against reaping, so a reap cannot delete a document a pass is about to reference.
 */
export type LockName = 'migrate' | 'write';

/**
 * Takes a transaction-scoped advisory lock, released at COMMIT or ROLLBACK (so a crash cannot orphan
 * it). Keyed by the schema too, so stores in different schemas of one database do not wait for each
 * other. PGlite has one session, where the lock is uncontended and costs nothing.
 */
export async function holdLock(tx: Sql, name: LockName): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || coalesce(current_schema(), ''), 0))`, [
    `batteries-included/${name}/`,
  ]);
}
