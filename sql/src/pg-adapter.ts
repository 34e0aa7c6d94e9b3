import pg from 'pg';
import { closedError, SqlUsageError, transactionHandle, type Row, type Sql } from './sql.js';

export interface PgSqlOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /**
   * An existing schema to work in (sets `search_path` on every connection), so several databases can share one
   * server database. Default: the server's default search path (`public`).
   */
  schema?: string;
  /** Pool size. Default 4: the operator runs one pass at a time plus a few API reads. */
  maxConnections?: number;
  /** How long one statement may run before it fails, in milliseconds. Default 60 000. */
  queryTimeoutMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A `Sql` over a `pg.Pool`. Each transaction runs on one pooled client between BEGIN and COMMIT (or ROLLBACK when
 * the callback rejects); statements outside transactions use whichever client is free, so they run beside an open
 * transaction and see only what it committed.
 * @example const sql = createPgSql({ connectionString: process.env.DATABASE_URL! })
 */
export function createPgSql({
  connectionString,
  schema,
  maxConnections = 4,
  queryTimeoutMs = 60_000,
}: PgSqlOptions): Sql {
  if (schema !== undefined && !IDENTIFIER.test(schema)) {
    throw new SqlUsageError(
      `schema ${JSON.stringify(schema)} is not a plain lower-case identifier (letters, digits, _; at most 63)`,
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    // A Postgres that hangs (rather than refusing) must not stall callers forever: give up and let them retry.
    connectionTimeoutMillis: 10_000,
    query_timeout: queryTimeoutMs,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  let closed = false;

  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (closed) throw closedError();
      const result = await pool.query(text, params ? [...params] : undefined);
      return result.rows as T[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (closed) throw closedError();
      const client = await pool.connect();
      const handle = transactionHandle(
        async <R = Row>(text: string, params?: readonly unknown[]) =>
          (await client.query(text, params ? [...params] : undefined)).rows as R[],
      );
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(handle.tx);
        handle.assertCommittable();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        handle.end();
        // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
