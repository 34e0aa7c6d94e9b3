import pg from 'pg';
import { SqlUsageError, withSavepoint, type Row, type Sql } from './sql.js';

export interface PgSqlOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /**
   * An existing schema to work in (sets `search_path` on every connection), so several stores can
   * share one database. Default: the server's default search path (`public`).
   */
  schema?: string;
  /** Pool size. Default 4: the operator runs one pass at a time plus a few API reads. */
  maxConnections?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A `Sql` over a `pg.Pool`. Each transaction runs on one pooled client between BEGIN and COMMIT (or
 * ROLLBACK when the callback rejects); statements outside transactions use whichever client is free.
 * @example const sql = createPgSql({ connectionString: process.env.DATABASE_URL! })
 */
export function createPgSql({ connectionString, schema, maxConnections = 4 }: PgSqlOptions): Sql {
  if (schema !== undefined && !IDENTIFIER.test(schema)) {
    throw new SqlUsageError(`schema ${JSON.stringify(schema)} is not a plain lower-case identifier`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    // A Postgres that hangs (rather than refusing) must not stall passes forever: give up and let them retry.
    connectionTimeoutMillis: 10_000,
    query_timeout: 60_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);

  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      const result = await pool.query(text, params ? [...params] : undefined);
      return result.rows as T[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

function clientSql(client: pg.PoolClient): Sql {
  const tx: Sql = {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      const result = await client.query(text, params ? [...params] : undefined);
      return result.rows as T[];
    },
    transaction: (fn) => withSavepoint(tx, fn),
    close: () => Promise.reject(new SqlUsageError('close the store, not a transaction')),
  };
  return tx;
}
