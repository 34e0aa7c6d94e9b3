import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SqlUsageError, withSavepoint, type Row, type Sql } from './sql.js';

export interface PgliteSqlOptions {
  /** Directory the database persists to (created if missing). Default: in memory, gone on close. */
  dataDir?: string;
  /**
   * A data directory dump (`PGlite#dumpDataDir`) to start from instead of running initdb, which costs
   * seconds; tests build one template and load it per database.
   */
  loadDataDir?: Blob | File;
}

/**
 * A `Sql` over embedded PGlite (PostgreSQL in WASM, one session, in this process). PGlite has a single
 * session, so a transaction holds it exclusively: statements from other callers wait until it commits
 * or rolls back instead of running inside it.
 * @example const sql = await createPgliteSql({ dataDir: '.data/operator-db' })
 */
export async function createPgliteSql({ dataDir, loadDataDir }: PgliteSqlOptions = {}): Promise<Sql> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  return pgliteSql(db);
}

/** Wraps an open PGlite instance; `close()` closes it. */
function pgliteSql(db: PGlite): Sql {
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      // PGlite's own lock makes this wait while a transaction holds the session.
      const result = await db.query<T>(text, params ? [...params] : undefined);
      return result.rows;
    },
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => db.transaction((tx) => fn(transactionSql(tx))),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

function transactionSql(handle: Transaction): Sql {
  const tx: Sql = {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      const result = await handle.query<T>(text, params ? [...params] : undefined);
      return result.rows;
    },
    transaction: (fn) => withSavepoint(tx, fn),
    close: () => Promise.reject(new SqlUsageError('close the store, not a transaction')),
  };
  return tx;
}
