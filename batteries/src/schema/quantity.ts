import { z } from 'zod';

/** The Kubernetes quantity grammar (resource.Quantity), as a regular expression the API server also applies. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const quantityRegex = new RegExp(QUANTITY_PATTERN);

/**
 * A Kubernetes quantity such as `512Mi`, `10Gi` or `250m`.
 * @example quantity('Volume size for the data', '10Gi')
 */
export function quantity(description: string, example = '1Gi') {
  const examples = [...new Set([example, '512Mi', '250m'])];
  const such = `${examples.slice(0, -1).join(', ')} or ${examples.at(-1)}`;
  return (
    z
      .string()
      // abort: refinements on a quantity (limits, ranges) may parse it; they never see a malformed one.
      .regex(quantityRegex, {
        error: `must be a Kubernetes quantity such as ${such}`,
        abort: true,
      })
      .meta({ description, examples: [example] })
  );
}

/**
 * A quantity that may grow but never shrink (volume sizes): enforced on update by a CEL transition rule.
 * Runtime validation of a single value cannot see the old value; the API server and the callers that
 * have both (the console, `bi battery edit`) compare with `compareQuantities`.
 */
export function growOnlyQuantity(description: string, example = '1Gi') {
  return quantity(`${description} May grow, never shrink.`, example).meta({
    'x-kubernetes-validations': [
      {
        rule: 'quantity(self).compareTo(quantity(oldSelf)) >= 0',
        message: 'may not shrink: volumes can only grow; set a size greater than or equal to the current one',
        reason: 'FieldValueForbidden',
      },
    ],
  });
}

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Converts a quantity to a number in base units (bytes, cores). Throws on a malformed quantity. */
export function parseQuantity(value: string): number {
  if (!quantityRegex.test(value)) throw new RangeError(`"${value}" is not a Kubernetes quantity`);
  const match = /^([+-]?[0-9.]+)(.*)$/.exec(value)!;
  const number = Number(match[1]);
  const suffix = match[2]!;
  if (suffix in BINARY) return number * BINARY[suffix]!;
  if (suffix in DECIMAL) return number * DECIMAL[suffix]!;
  return number * 10 ** Number(suffix.slice(1));
}

/** Negative when `a < b`, zero when equal, positive when `a > b`. */
export function compareQuantities(a: string, b: string): number {
  return Math.sign(parseQuantity(a) - parseQuantity(b));
}
