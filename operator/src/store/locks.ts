import { holdAdvisoryLock, type Sql } from '@batteries-included/sql';

/** What a lock guards: `write` serializes recording passes against reaping, so a reap cannot delete a document a
 * pass is about to reference. (Schema changes take the migration runner's own lock.) */
export type LockName = 'write';

/** Takes the store's transaction-scoped advisory lock `name` (see `holdAdvisoryLock`). */
export async function holdLock(tx: Sql, name: LockName): Promise<void> {
  await holdAdvisoryLock(tx, `batteries-included/${name}/`);
}
