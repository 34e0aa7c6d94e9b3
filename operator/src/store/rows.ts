import { columnMismatch, json, type Row } from '@batteries-included/sql';
import { COUNT_OF, type PassCounts } from '../engine/vocabulary.js';

const COUNT_NAMES: readonly (keyof PassCounts)[] = Object.values(COUNT_OF);

/** The store's own column shape: a pass's counts (`jsonb`), every count a non-negative integer. */
export function counts(row: Row, column: string): PassCounts {
  const value = json(row, column);
  if (typeof value !== 'object' || value === null) throw columnMismatch(column, 'pass counts', value);
  const record = value as Record<string, unknown>;
  const parsed = {} as PassCounts;
  for (const name of COUNT_NAMES) {
    const count = record[name];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw columnMismatch(`${column}.${name}`, 'a count', count);
    }
    parsed[name] = count;
  }
  return parsed;
}
