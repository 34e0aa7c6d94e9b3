import type { Row } from '../db/sql.js';

/** A database row did not have the shape the store expects. */
export class StoreRowError extends Error {
  override readonly name = 'StoreRowError';
}

const mismatch = (column: string, expected: string, value: unknown) =>
  new StoreRowError(`column ${column}: expected ${expected}, got ${JSON.stringify(value)}`);

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw mismatch(column, 'text', value);
  return value;
}

export function optionalText(row: Row, column: string): string | undefined {
  return row[column] === null || row[column] === undefined ? undefined : text(row, column);
}

/** Integers: pg hands `bigint` back as a string, PGlite as a number. */
export function integer(row: Row, column: string): number {
  const value = row[column];
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw mismatch(column, 'an integer', value);
  return number;
}

export function bool(row: Row, column: string): boolean {
  const value = row[column];
  if (typeof value !== 'boolean') throw mismatch(column, 'a boolean', value);
  return value;
}

export function timestamp(row: Row, column: string): Date {
  const value = row[column];
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch(column, 'a timestamp', value);
  return value;
}

export function optionalTimestamp(row: Row, column: string): Date | undefined {
  return row[column] === null || row[column] === undefined ? undefined : timestamp(row, column);
}

/** A `jsonb` column, already parsed by the driver. */
export function json(row: Row, column: string): unknown {
  const value = row[column];
  if (value === undefined) throw mismatch(column, 'json', value);
  return value;
}

/** Postgres' unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
