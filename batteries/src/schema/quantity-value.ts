/**
 * The one parser of Kubernetes quantities (`resource.Quantity`: `512Mi`, `250m`, `1.5`, `1e3`), shared by the
 * batteries' schemas and charts, the operator's drift detection and the console's inputs. It imports nothing,
 * so the console can bundle it (`@batteries-included/batteries/quantity`) without zod or the catalog.
 *
 * Arithmetic is on integers (BigInt nano-units), never floating point: `0.1` and `100m` are equal, and `1Gi`
 * and `1073741824` are equal. Like the API server, amounts finer than 1n are rounded up (away from zero) to
 * whole nano-units.
 */

/** The Kubernetes quantity grammar (resource.Quantity), as the regular expression the API server also applies. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/**
 * The CEL rule on every quantity field of a CRD: the API server's own parser, which refuses what the pattern lets
 * through (`1e1.5`). Forms and references that already say "a quantity" leave it out of their lists of rules.
 */
export const QUANTITY_RULE = 'isQuantity(self)';

// The same grammar, with the number and suffix captured, and (as resource.ParseQuantity requires) a whole-number
// exponent: the published pattern above lets `1e1.5` through, the API server's parser does not.
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
const NANOS_PER_UNIT = 1_000_000_000n;

/**
 * The amount in nano-units (`1` → 1000000000n), or undefined when `value` is not a quantity (a string outside
 * the grammar, a non-finite number, anything else). A JSON number is read as the API server reads it.
 * @example quantityNanos('250m') // 250000000n
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

/** Whether `value` is a Kubernetes quantity the API server would accept. */
export function isQuantity(value: unknown): value is string | number {
  return quantityNanos(value) !== undefined;
}

/**
 * The amount in base units (bytes, cores) as a number, or undefined when `value` is not a quantity.
 * Exact for whole units; fractions of a unit are as exact as a double allows.
 * @example quantityValue('2Gi') // 2147483648
 */
export function quantityValue(value: unknown): number | undefined {
  const nanos = quantityNanos(value);
  if (nanos === undefined) return undefined;
  return Number(nanos / NANOS_PER_UNIT) + Number(nanos % NANOS_PER_UNIT) / 1e9;
}

/**
 * Converts a quantity to a number in base units (bytes, cores). Throws a RangeError on a malformed quantity.
 * @example parseQuantity('250m') // 0.25
 */
export function parseQuantity(value: string): number {
  const amount = quantityValue(value);
  if (amount === undefined) throw new RangeError(`"${value}" is not a Kubernetes quantity`);
  return amount;
}

/**
 * Compares two quantities by amount, exactly: -1 when `a < b`, 0 when equal, 1 when `a > b`. Throws a
 * RangeError when either is malformed.
 */
export function compareQuantities(a: string, b: string): number {
  const left = quantityNanos(a);
  const right = quantityNanos(b);
  if (left === undefined || right === undefined)
    throw new RangeError(`"${left === undefined ? a : b}" is not a Kubernetes quantity`);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether both values are quantities of the same amount, however each is spelled. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const left = quantityNanos(a);
  return left !== undefined && left === quantityNanos(b);
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
