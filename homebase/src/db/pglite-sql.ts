import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { transactionHandle, type Row, type Sql } from './sql.js';

export interface PgliteSqlOptions {
  /** Directory the database persists to (created if missing). Default: in memory. */
  dataDir?: string;
  /** A data directory dump to start from instead of running initdb (seconds); tests use one template. */
  loadDataDir?: Blob | File;
}

/**
 * A `Sql` over embedded PGlite (PostgreSQL in WASM, one session, in this process).
 * @example const sql = await createPgliteSql({ dataDir: '.data/homebase/db' })
 */
export async function createPgliteSql({ dataDir, loadDataDir }: PgliteSqlOptions = {}): Promise<Sql> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      return (await db.query<T>(text, params ? [...params] : undefined)).rows;
    },
    transaction: <T>(fn: (tx: Sql) => Promise<T>) =>
      db.transaction((tx) =>
        fn(
          transactionHandle(
            async <R = Row>(text: string, params?: readonly unknown[]) =>
              (await tx.query<R>(text, params ? [...params] : undefined)).rows,
          ),
        ),
      ),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
