/**
 * Kubernetes quantities (`20Gi`, `250m`, `1.5`, `1e3`) for the console's unit-aware inputs: split into amount and
 * unit for an input + unit picker, and say how big a size is in words. Parsing is the batteries' one quantity
 * parser (docs/adr/0010-typed-clients-and-one-quantity-parser.md); here it only trims what people type.
 */
import {
  compareQuantities as compareExactly,
  quantityNanos,
  quantityValue,
} from '@batteries-included/batteries/quantity';

export { QUANTITY_PATTERN, QUANTITY_RULE } from '@batteries-included/batteries/quantity';

/** What a quantity measures, guessed from the field: CPU cores, or bytes (memory, storage). */
export type QuantityKind = 'cpu' | 'bytes';

/** The units offered by the unit picker, most useful first. `''` is cores for CPU, bytes otherwise. */
export const UNITS: Record<QuantityKind, readonly string[]> = {
  cpu: ['m', ''],
  bytes: ['Mi', 'Gi', 'Ti', 'Ki', 'M', 'G', 'T', ''],
};

/** Whether `text` (trimmed) is a valid Kubernetes quantity. */
export function isQuantity(text: string): boolean {
  return quantityNanos(text.trim()) !== undefined;
}

/**
 * The quantity's value in base units (cores, bytes), or undefined when it is not a quantity.
 * @example parseQuantity('2Gi') // 2147483648
 */
export function parseQuantity(text: string): number | undefined {
  return quantityValue(text.trim());
}

/**
 * Splits a quantity into its number and its suffix for an amount input and a unit picker.
 * @example splitQuantity('250m') // { amount: '250', unit: 'm' }
 */
export function splitQuantity(text: string): { amount: string; unit: string } {
  const match = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([KMGTPE]i|[numkMGTPE])?$/.exec(text.trim());
  if (!match) return { amount: text.trim(), unit: '' };
  return { amount: match[1] ?? '', unit: match[2] ?? '' };
}

/** Joins an amount and a unit back into a quantity string; an empty amount is no value. */
export function joinQuantity(amount: string, unit: string): string {
  const trimmed = amount.trim();
  return trimmed === '' ? '' : `${trimmed}${unit}`;
}

/** Compares two quantities by value, exactly: negative, zero or positive; undefined if either does not parse. */
export function compareQuantities(a: string, b: string): number | undefined {
  if (!isQuantity(a) || !isQuantity(b)) return undefined;
  return compareExactly(a.trim(), b.trim());
}

/** A unit's name for people, for the unit picker. */
export function unitLabel(kind: QuantityKind, unit: string): string {
  if (kind === 'cpu') return unit === 'm' ? 'millicores' : unit === '' ? 'cores' : unit;
  if (unit === '') return 'bytes';
  return unit.endsWith('i') ? `${unit}B` : `${unit}B (decimal)`;
}

/**
 * Says how big a quantity is, in words: `2 cores`, `250 millicores (¼ core)`, `20 GiB ≈ 21.5 GB`.
 * Undefined when it does not parse.
 */
export function describeQuantity(kind: QuantityKind, text: string): string | undefined {
  const value = parseQuantity(text);
  if (value === undefined) return undefined;
  if (kind === 'cpu') {
    const cores = round(value, 3);
    return `${cores} ${cores === 1 ? 'core' : 'cores'}`;
  }
  return `${formatBinary(value)} ≈ ${formatDecimal(value)}`;
}

function formatBinary(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${round(v, 2)} ${units[i]}`;
}

function formatDecimal(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${round(v, 2)} ${units[i]}`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
