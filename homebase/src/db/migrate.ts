import { migrate, type Sql } from '@batteries-included/sql';
import { MIGRATIONS } from './migrations.js';

/**
 * Brings Home Base's schema up to date (see `migrate` in @batteries-included/sql), under the advisory lock key
 * Home Base has always migrated under, so processes of every version agree. Resolves with the versions it applied.
 */
export function migrateHomeBase(sql: Sql): Promise<number[]> {
  return migrate(sql, MIGRATIONS, { lockKey: 'batteries-included/homebase/migrate/' });
}
