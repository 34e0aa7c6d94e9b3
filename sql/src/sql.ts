/** One result row as the driver returns it; callers parse rows into typed values with the row helpers. */
export type Row = Record<string, unknown>;

/**
 * The narrow port to PostgreSQL that the operator's store and Home Base use, implemented over `pg` (a server),
 * PGlite in this process and PGlite in a process of its own. All three speak real PostgreSQL, so the same SQL runs
 * on each, and all three keep the same rules (checked by `describeSqlContract` on every adapter):
 *
 * - **Statements** take `$1…` parameters, never interpolated text. Drivers differ only in how they hand back a few
 *   types (`bigint` is a string from pg and a number from PGlite; `bytea` a Buffer or a Uint8Array): read rows with
 *   the row helpers, which accept either. Pass `jsonb` values as JSON text (`$1::text::jsonb`).
 * - **Transactions**: `transaction(fn)` commits when `fn` resolves and rolls back when it rejects, resolving or
 *   rejecting with what `fn` did. No other caller's statement runs inside it and nothing it wrote is seen outside
 *   before the commit. On pg other callers run beside it on other connections; on PGlite (one session) they wait
 *   until it ends.
 * - **Nesting**: `tx.transaction(fn)` on a transaction's handle is a savepoint. When `fn` rejects, only what it
 *   wrote is undone and the outer transaction goes on; when the caller lets the error through, the whole
 *   transaction rolls back. Nest one at a time on a handle (awaited), like every statement on it.
 * - **Errors** are the driver's, carrying PostgreSQL's SQLSTATE as `code` (read it with `sqlState`). A failed
 *   statement inside a transaction fails the rest of it (`25P02`) unless it ran in a nested transaction that was
 *   rolled back; a transaction whose callback swallowed such a failure rolls back and rejects with it, rather than
 *   resolving as if it had committed.
 * - **Misuse** — a transaction's handle used after its transaction ended, `close()` on a handle, anything after
 *   `close()` — rejects with `SqlUsageError` instead of running somewhere unexpected.
 */
export interface Sql {
  /**
   * Runs one statement with `$1…` parameters and resolves with its rows. `T` is not checked: callers that care
   * parse each row.
   */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `fn` inside one transaction: committed when `fn` resolves, rolled back when it rejects. Called on a
   * transaction's `tx`, it nests as a savepoint.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Releases the connections (pg) or shuts the embedded database down (PGlite). Closing twice is harmless. */
  close(): Promise<void>;
}

/** Raised for misuse of the port itself (a handle used after its transaction, a closed database, a bad option). */
export class SqlUsageError extends Error {
  override readonly name = 'SqlUsageError';
}

/** How an adapter runs one statement on the session a transaction holds. */
export type RunStatement = <T = Row>(text: string, params?: readonly unknown[]) => Promise<T[]>;

/** A transaction's handle and the switches an adapter works it with. */
export interface TransactionHandle {
  readonly tx: Sql;
  /**
   * Called once the callback resolved, before COMMIT: throws the error of a statement that failed outside a
   * rolled-back savepoint (PostgreSQL would turn the COMMIT into a silent ROLLBACK), so the adapter rolls back and
   * the transaction rejects with it.
   */
  assertCommittable(): void;
  /** Called when the transaction commits or rolls back: later use of `tx` is refused. */
  end(): void;
}

/**
 * The handle every adapter gives a transaction's callback: statements run on the transaction's session, nested
 * transactions are savepoints, a failed statement marks the transaction failed until a savepoint it ran in is
 * rolled back, and once the transaction has ended the handle refuses work.
 * @internal
 */
export function transactionHandle(run: RunStatement): TransactionHandle {
  let ended = false;
  let failure: { error: unknown } | undefined;
  const query = async <T = Row>(text: string, params?: readonly unknown[]): Promise<T[]> => {
    if (ended) {
      throw new SqlUsageError(
        'this transaction has ended: run statements on the database, not on its old handle',
      );
    }
    try {
      return await run<T>(text, params);
    } catch (error) {
      failure ??= { error };
      throw error;
    }
  };
  const tx: Sql = {
    query,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const before = failure;
      const name = `sp_${++savepointCounter}`;
      await query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        await query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await query(`ROLLBACK TO SAVEPOINT ${name}`);
        // What failed inside the savepoint is undone with it: the outer transaction may go on.
        failure = before;
        throw error;
      }
    },
    close: () => Promise.reject(new SqlUsageError('close the database, not a transaction')),
  };
  return {
    tx,
    assertCommittable() {
      if (failure) throw failure.error;
    },
    end: () => (ended = true),
  };
}

let savepointCounter = 0;

/** The refusal every adapter gives once `close()` has been called. @internal */
export function closedError(): SqlUsageError {
  return new SqlUsageError('the database is closed');
}
