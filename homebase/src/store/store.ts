import { createPgliteSql, createPgSql, type Sql } from '@batteries-included/sql';
import { migrateHomeBase } from '../db/migrate.js';
import * as accounts from './accounts.js';
import * as infra from './infra.js';
import * as installations from './installations.js';
import * as teams from './teams.js';

type Bound<F> = F extends (sql: Sql, ...args: infer A) => infer R ? (...args: A) => R : never;
type BoundAll<M> = { [K in keyof M]: Bound<M[K]> };

const QUERIES = { ...accounts, ...teams, ...installations, ...infra };

/**
 * Home Base's store: every query of `accounts`, `teams`, `installations` and `infra` bound to one database.
 * Team-scoped reads take the caller's team id and filter by it in SQL.
 */
export type Store = BoundAll<typeof QUERIES> & {
  /** The database, for the few places that need a transaction across queries. */
  readonly sql: Sql;
  close(): Promise<void>;
};

/** Runs pending migrations, then binds the queries to `sql`. The store owns `sql`: `close()` closes it. */
export async function createStore(sql: Sql): Promise<Store> {
  await migrateHomeBase(sql);
  const bound = Object.fromEntries(
    Object.entries(QUERIES).map(([name, fn]) => [
      name,
      (...args: unknown[]) => (fn as (sql: Sql, ...rest: unknown[]) => unknown)(sql, ...args),
    ]),
  ) as BoundAll<typeof QUERIES>;
  return { ...bound, sql, close: () => sql.close() };
}

export interface OpenStoreOptions {
  /** A Postgres URL; without one, embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's directory. */
  dataDir: string;
}

/** Postgres through `pg` when a URL is given, otherwise embedded PGlite persisted to `dataDir`. */
export async function openStore({ databaseUrl, dataDir }: OpenStoreOptions): Promise<Store> {
  const sql = databaseUrl
    ? createPgSql({ connectionString: databaseUrl, maxConnections: 8, queryTimeoutMs: 30_000 })
    : await createPgliteSql({ dataDir });
  try {
    return await createStore(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
