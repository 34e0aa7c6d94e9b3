import { createPgliteProcessSql, createPgliteSql, createPgSql, type Sql } from '@batteries-included/sql';
import { createStore, type Store } from './store.js';

/** Where the embedded database lives when no `DATABASE_URL` is set, relative to the working directory. */
export const DEFAULT_DATA_DIR = './.data/operator-db';

export interface OpenStoreOptions {
  /** A Postgres URL. Default: the `DATABASE_URL` environment variable; without one, embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory when there is no URL. Default `./.data/operator-db`. */
  dataDir?: string;
  /** Where `DATABASE_URL` and `BI_EMBEDDED_STORE` are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where embedded PGlite runs: `process` (default; its own child process, so the operator stays small) or
   * `inline` (inside the operator: one process, ~200 MB more RSS). Default: `BI_EMBEDDED_STORE`, else `process`.
   */
  embedded?: 'process' | 'inline';
  /** Lines the embedded database process writes to stderr, and its unexpected exits. */
  onLog?: (line: string) => void;
}

/**
 * Opens the operator's store: Postgres through `pg` when a URL is given, otherwise embedded PGlite
 * persisted to `dataDir` (in a child process of its own unless `inline`), so the operator runs with nothing else
 * installed. Migrations run first.
 * @example const store = await openStore() // DATABASE_URL, or ./.data/operator-db
 */
export async function openStore({
  env = process.env,
  databaseUrl = env.DATABASE_URL,
  dataDir = DEFAULT_DATA_DIR,
  embedded = env.BI_EMBEDDED_STORE === 'inline' ? 'inline' : 'process',
  onLog,
}: OpenStoreOptions = {}): Promise<Store> {
  const sql: Sql = databaseUrl
    ? createPgSql({ connectionString: databaseUrl })
    : embedded === 'inline'
      ? await createPgliteSql({ dataDir })
      : await createPgliteProcessSql({ dataDir, onLog });
  try {
    return await createStore(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
