import type { Row } from './sql.js';

/** A database row did not have the shape the caller expects (a schema the code does not match). */
export class StoreRowError extends Error {
  override readonly name = 'StoreRowError';
}

/*
 * Reads typed columns out of driver rows: the one place where `unknown` becomes typed values. Drivers differ on
 * `bigint` (pg: string, PGlite: number) and `bytea` (pg: Buffer, PGlite: Uint8Array); each helper accepts what
 * every adapter returns. A missing column or a value of another type throws `StoreRowError` naming the column.
 */

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw columnMismatch(column, 'text', value);
  return value;
}

export function optionalText(row: Row, column: string): string | undefined {
  return isAbsent(row, column) ? undefined : text(row, column);
}

/** An integer column of any width, as a number; refuses values beyond `Number.MAX_SAFE_INTEGER`. */
export function integer(row: Row, column: string): number {
  const value = row[column];
  const number =
    typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : typeof value === 'bigint'
        ? Number(value)
        : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw columnMismatch(column, 'a safe integer', value);
  return number;
}

export function optionalInteger(row: Row, column: string): number | undefined {
  return isAbsent(row, column) ? undefined : integer(row, column);
}

export function bool(row: Row, column: string): boolean {
  const value = row[column];
  if (typeof value !== 'boolean') throw columnMismatch(column, 'a boolean', value);
  return value;
}

/** A `timestamptz` column as a new Date (the row's own object is not handed out). */
export function timestamp(row: Row, column: string): Date {
  const value = row[column];
  // A brand check, not `instanceof`: rows from the embedded database's own process are deserialized in Node's
  // main realm, which under a test runner's VM context is not this module's.
  if (!isDate(value) || Number.isNaN(value.getTime())) throw columnMismatch(column, 'a timestamp', value);
  return new Date(value.getTime());
}

export function optionalTimestamp(row: Row, column: string): Date | undefined {
  return isAbsent(row, column) ? undefined : timestamp(row, column);
}

/** A `jsonb` column, already parsed by the driver. */
export function json(row: Row, column: string): unknown {
  const value = row[column];
  if (value === undefined) throw columnMismatch(column, 'json', value);
  return value;
}

/** A `bytea` column as a Uint8Array (pg's Buffer is one). */
export function bytes(row: Row, column: string): Uint8Array {
  const value = row[column];
  // A brand check for the same reason as `timestamp`.
  if (!ArrayBuffer.isView(value) || Object.prototype.toString.call(value) !== '[object Uint8Array]')
    throw columnMismatch(column, 'bytes', value);
  return value as Uint8Array;
}

export function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const value = text(row, column);
  if (!(allowed as readonly string[]).includes(value))
    throw columnMismatch(column, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

/**
 * The error the helpers throw, for parsers of a caller's own column shapes: names the column, what was expected
 * and (cut to 80 characters) what came.
 */
export function columnMismatch(column: string, expected: string, value: unknown): StoreRowError {
  const shown =
    isDate(value) && !Number.isNaN(value.getTime())
      ? value.toISOString()
      : typeof value === 'bigint'
        ? String(value)
        : JSON.stringify(value);
  return new StoreRowError(
    `column ${column}: expected ${expected}, got ${typeof value} ${(shown ?? '').slice(0, 80)}`,
  );
}

function isAbsent(row: Row, column: string): boolean {
  return row[column] === null || row[column] === undefined;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
