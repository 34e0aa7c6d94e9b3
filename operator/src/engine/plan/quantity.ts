/**
 * Exact comparison of Kubernetes quantities (`resource.Quantity`), for drift detection: the API server stores
 * a quantity in canonical form (`1000m` → `1`, `1024Mi` → `1Gi`, `0.5` → `500m`, a JSON number → a string),
 * so the live value may be spelled differently from ours while meaning the same amount.
 *
 * Arithmetic is on integers (BigInt nano-units), never floating point: `0.1` and `100m` are equal, and
 * `1Gi` and `1073741824` are equal. Like the API server, amounts finer than 1n are rounded up (away from
 * zero) to whole nano-units.
 */

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const BINARY_EXPONENT: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
// Far beyond anything the API server accepts (int64 nano-units); keeps BigInt powers small.
const MAX_EXPONENT = 64;

/**
 * The amount in nano-units (`1` → 1000000000n), or undefined when `value` is not a quantity
 * (a string outside the grammar, a non-finite number, anything else).
 */
export function quantityNanos(value: unknown): bigint | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match as unknown as [string, string, string, string | undefined];
  const [whole = '', fraction = ''] = number.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  const binary = BINARY_EXPONENT[suffix] ?? 0;
  const decimal =
    suffix in BINARY_EXPONENT ? 0 : (DECIMAL_EXPONENT[suffix] ?? Number(suffix.slice(1) /* e<n> */));
  const exponent = decimal - fraction.length + 9; // of ten, in nano-units
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const scaled = digits * 2n ** BigInt(binary);
  const nanos =
    exponent >= 0 ? scaled * 10n ** BigInt(exponent) : ceilDivide(scaled, 10n ** BigInt(-exponent));
  return sign === '-' ? -nanos : nanos;
}

/** Whether both values are quantities of the same amount, however each is spelled. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const left = quantityNanos(a);
  return left !== undefined && left === quantityNanos(b);
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
