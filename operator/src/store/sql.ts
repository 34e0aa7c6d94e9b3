/** One result row as the driver returns it; the store parses rows into typed values at its boundary. */
export type Row = Record<string, unknown>;

/**
 * The store's narrow port to Postgres, implemented over `pg` (a server) and PGlite (embedded).
 * Both speak real PostgreSQL, so the same SQL runs on either; drivers differ only in how they hand
 * back a few types (`bigint` is a string from pg and a number from PGlite), which the store's row
 * parsers absorb.
 */
export interface Sql {
  /**
   * Runs one statement with `$1…` parameters and resolves with its rows. `T` is not checked: callers
   * that care (the store does) parse each row.
   */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `fn` inside one transaction: committed when `fn` resolves, rolled back when it rejects. No other
   * caller's statement runs inside it. Called on a transaction's `tx`, it nests as a savepoint.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Releases the connections (pg) or shuts the embedded database down (PGlite). */
  close(): Promise<void>;
}

/** Raised for misuse of the port itself (closing a transaction handle, a bad schema name). */
export class SqlUsageError extends Error {
  override readonly name = 'SqlUsageError';
}

let savepointCounter = 0;

/**
 * Runs `fn` inside a savepoint on an open transaction: the shared nesting rule of both adapters.
 * @internal
 */
export async function withSavepoint<T>(tx: Sql, fn: (tx: Sql) => Promise<T>): Promise<T> {
  const name = `sp_${++savepointCounter}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
