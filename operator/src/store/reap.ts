import { integer, type Sql } from '@batteries-included/sql';
import { holdLock } from './locks.js';
import type { ReapOptions, ReapResult } from './types.js';

/**
 * Retention, in one transaction: deletes the passes that are neither among the newest `keepPasses`
 * nor newer than `olderThan` (their object rows go with them; inventory and Battery history keep their
 * rows and lose the pass link), then every document nothing references any more: no remaining pass,
 * pass object, inventory entry or Battery history entry. Documents still referenced are kept.
 */
export async function reap(
  sql: Sql,
  { keepPasses = 1000, olderThan }: ReapOptions = {},
): Promise<ReapResult> {
  if (!Number.isSafeInteger(keepPasses) || keepPasses < 0) {
    throw new RangeError(`keepPasses: expected a whole number ≥ 0, got ${keepPasses}`);
  }
  return sql.transaction(async (tx) => {
    await holdLock(tx, 'write');
    const [passes] = await tx.query(
      `WITH reaped AS (
         DELETE FROM passes
         WHERE id NOT IN (SELECT id FROM passes ORDER BY id DESC LIMIT $1)
           AND ($2::timestamptz IS NULL OR started_at < $2::timestamptz)
         RETURNING 1)
       SELECT count(*) AS n FROM reaped`,
      [keepPasses, olderThan?.toISOString() ?? null],
    );
    const [documents] = await tx.query(
      `WITH reaped AS (
         DELETE FROM documents d
         WHERE NOT EXISTS (SELECT 1 FROM passes p WHERE p.manifest_hash = d.hash)
           AND NOT EXISTS (SELECT 1 FROM passes p WHERE p.snapshot_hash = d.hash)
           AND NOT EXISTS (SELECT 1 FROM pass_objects o WHERE o.document_hash = d.hash)
           AND NOT EXISTS (SELECT 1 FROM inventory i WHERE i.document_hash = d.hash)
           AND NOT EXISTS (SELECT 1 FROM battery_history b WHERE b.spec_hash = d.hash)
         RETURNING 1)
       SELECT count(*) AS n FROM reaped`,
    );
    return { passes: integer(passes!, 'n'), documents: integer(documents!, 'n') };
  });
}
