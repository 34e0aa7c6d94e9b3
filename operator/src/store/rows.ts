import type { Row } from './sql.js';
import { COUNT_OF, type PassCounts } from '../engine/vocabulary.js';

/** A database row did not have the shape the store expects (a schema the code does not match). */
export class StoreRowError extends Error {
  override readonly name = 'StoreRowError';
}

/**
 * Reads typed columns out of driver rows: the one place where `unknown` becomes typed values. Drivers
 * differ on `bigint` (pg: string, PGlite: number); both are accepted when they hold a safe integer.
 */
export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw mismatch(column, 'text', value);
  return value;
}

export function optionalText(row: Row, column: string): string | undefined {
  return row[column] === null || row[column] === undefined ? undefined : text(row, column);
}

export function integer(row: Row, column: string): number {
  const value = row[column];
  const number =
    typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : typeof value === 'bigint'
        ? Number(value)
        : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    throw mismatch(column, 'a safe integer', value);
  return number;
}

export function optionalInteger(row: Row, column: string): number | undefined {
  return row[column] === null || row[column] === undefined ? undefined : integer(row, column);
}

export function timestamp(row: Row, column: string): Date {
  const value = row[column];
  // A brand check, not `instanceof`: rows from the embedded database's own process are deserialized in Node's
  // main realm, which under a test runner's VM context is not this module's.
  if (!isDate(value) || Number.isNaN(value.getTime())) throw mismatch(column, 'a timestamp', value);
  return new Date(value.getTime());
}

/** A `jsonb` column, already parsed by the driver. */
export function json(row: Row, column: string): unknown {
  const value = row[column];
  if (value === undefined) throw mismatch(column, 'json', value);
  return value;
}

export function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const value = text(row, column);
  if (!(allowed as readonly string[]).includes(value))
    throw mismatch(column, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

const COUNT_NAMES: readonly (keyof PassCounts)[] = Object.values(COUNT_OF);

export function counts(row: Row, column: string): PassCounts {
  const value = json(row, column);
  if (typeof value !== 'object' || value === null) throw mismatch(column, 'pass counts', value);
  const record = value as Record<string, unknown>;
  const parsed = {} as PassCounts;
  for (const name of COUNT_NAMES) {
    const count = record[name];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw mismatch(`${column}.${name}`, 'a count', count);
    }
    parsed[name] = count;
  }
  return parsed;
}

function mismatch(column: string, expected: string, value: unknown): StoreRowError {
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

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
