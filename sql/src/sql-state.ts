/**
 * SQLSTATE codes (PostgreSQL, Appendix A) that callers act on. Every adapter's errors carry the server's code as
 * `code`, so a caller checks `sqlState(error) === SQLSTATE.uniqueViolation` whichever database it runs on.
 */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  invalidTextRepresentation: '22P02',
  inFailedTransaction: '25P02',
  syntaxError: '42601',
  undefinedTable: '42P01',
} as const;

/** The SQLSTATE a database error carries, or undefined for anything else (a network error, a bug). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  // Node's own errors (ECONNREFUSED, ERR_…) carry codes too; SQLSTATEs are five digits or capitals.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Whether `error` is PostgreSQL's unique_violation (a duplicate key). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === SQLSTATE.uniqueViolation;
}
