/** One result row as the driver returns it; the store parses rows into typed values at its boundary. */
export type Row = Record<string, unknown>;

/**
 * Home Base's narrow port to Postgres, implemented over `pg` (a server) and PGlite (embedded). Both speak
 * real PostgreSQL, so the same SQL runs on either.
 */
export interface Sql {
  /** Runs one statement with `$1…` parameters and resolves with its rows. */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Releases the connections (pg) or shuts the embedded database down (PGlite). */
  close(): Promise<void>;
}

/** Misuse of the port itself (closing a transaction handle, nesting a transaction). */
export class SqlUsageError extends Error {
  override readonly name = 'SqlUsageError';
}

/** A transaction handle: queries run inside the transaction; nesting and closing are refused. */
export function transactionHandle(query: Sql['query']): Sql {
  return {
    query,
    transaction: () => Promise.reject(new SqlUsageError('transactions do not nest in Home Base')),
    close: () => Promise.reject(new SqlUsageError('close the database, not a transaction')),
  };
}
