import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { closedError, transactionHandle, type Row, type Sql } from './sql.js';

export interface PgliteSqlOptions {
  /** Directory the database persists to (created if missing). Default: in memory, gone on close. */
  dataDir?: string;
  /**
   * A data directory dump (`PGlite#dumpDataDir`, or `emptyPgliteDataDir()`) to start from instead of running
   * initdb, which costs seconds; tests build one template and load it per database.
   */
  loadDataDir?: Blob | File;
}

/**
 * A `Sql` over embedded PGlite (PostgreSQL in WASM, one session, in this process). PGlite has a single session,
 * so a transaction holds it exclusively: statements from other callers wait until it commits or rolls back
 * instead of running inside it.
 * @example const sql = await createPgliteSql({ dataDir: '.data/operator-db' })
 */
export async function createPgliteSql({ dataDir, loadDataDir }: PgliteSqlOptions = {}): Promise<Sql> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (db.closed) throw closedError();
      // PGlite's own lock makes this wait while a transaction holds the session.
      return (await db.query<T>(text, params ? [...params] : undefined)).rows;
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (db.closed) throw closedError();
      return db.transaction(async (session) => {
        const handle = transactionHandle(
          async <R = Row>(text: string, params?: readonly unknown[]) =>
            (await session.query<R>(text, params ? [...params] : undefined)).rows,
        );
        try {
          const result = await fn(handle.tx);
          handle.assertCommittable();
          return result;
        } finally {
          handle.end();
        }
      });
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

let template: Promise<Blob | File> | undefined;

/**
 * A dump of a freshly created, empty database, made once per process (initdb costs seconds; loading the dump
 * a fraction of that). Pass it as `loadDataDir` to start many empty databases quickly, as tests do.
 * @example const sql = await createPgliteSql({ loadDataDir: await emptyPgliteDataDir() })
 */
export function emptyPgliteDataDir(): Promise<Blob | File> {
  template ??= PGlite.create().then(async (db) => {
    const dump = await db.dumpDataDir('none');
    await db.close();
    return dump;
  });
  return template;
}
