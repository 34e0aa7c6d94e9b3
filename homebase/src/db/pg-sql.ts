import pg from 'pg';
import { SqlUsageError, transactionHandle, type Row, type Sql } from './sql.js';

export interface PgSqlOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** An existing schema to work in (sets `search_path`). Default: the server's default (`public`). */
  schema?: string;
  /** Pool size. @default 8 */
  maxConnections?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A `Sql` over a `pg.Pool`; each transaction runs on one pooled client between BEGIN and COMMIT/ROLLBACK.
 * @example const sql = createPgSql({ connectionString: process.env.DATABASE_URL! })
 */
export function createPgSql({ connectionString, schema, maxConnections = 8 }: PgSqlOptions): Sql {
  if (schema !== undefined && !IDENTIFIER.test(schema)) {
    throw new SqlUsageError(`schema ${JSON.stringify(schema)} is not a plain lower-case identifier`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: maxConnections,
    connectionTimeoutMillis: 10_000,
    query_timeout: 30_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> {
      return (await pool.query(text, params ? [...params] : undefined)).rows as T[];
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(
          transactionHandle(
            async <R = Row>(text: string, params?: readonly unknown[]) =>
              (await client.query(text, params ? [...params] : undefined)).rows as R[],
          ),
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
