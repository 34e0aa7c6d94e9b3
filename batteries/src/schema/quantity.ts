import { z } from 'zod';
import { withAdmissionRule, withCelRules } from './admission-rule.js';
import { isQuantity, QUANTITY_PATTERN, QUANTITY_RULE } from './quantity-value.js';

// The parser lives in quantity-value.ts (no zod: the console bundles it); schemas and charts import it from here.
export {
  compareQuantities,
  isQuantity,
  parseQuantity,
  QUANTITY_PATTERN,
  QUANTITY_RULE,
  quantitiesEqual,
  quantityNanos,
  quantityValue,
} from './quantity-value.js';

const quantityRegex = new RegExp(QUANTITY_PATTERN);

/**
 * The longest quantity accepted, in characters. Bounds what CEL rules on quantities may cost the API server
 * (their estimated cost grows with the longest string a field may hold); real quantities are a few characters.
 */
export const QUANTITY_MAX_LENGTH = 64;

/**
 * A Kubernetes quantity such as `512Mi`, `10Gi` or `250m`.
 * @example quantity('Volume size for the data', '10Gi')
 */
export function quantity(description: string, example = '1Gi') {
  const examples = [...new Set([example, '512Mi', '250m'])];
  const such = `${examples.slice(0, -1).join(', ')} or ${examples.at(-1)}`;
  const message = `must be a Kubernetes quantity such as ${such}`;
  const text = z
    .string()
    // abort: refinements on a quantity (limits, ranges) may parse it; they never see a malformed one.
    .regex(quantityRegex, { error: message, abort: true })
    .max(QUANTITY_MAX_LENGTH, { error: `must be at most ${QUANTITY_MAX_LENGTH} characters`, abort: true });
  // What the pattern lets through and the API server's parser refuses (`1e1.5`); refinements parse safely.
  return withAdmissionRule(text, {
    accepts: isQuantity,
    cel: QUANTITY_RULE,
    message,
    abort: true,
    examples: { accepted: ['250m', '1.5Gi'], refused: ['1e1.5'] },
  }).meta({ description, examples: [example] });
}

/**
 * A quantity that may grow but never shrink (volume sizes): enforced on update by a CEL transition rule.
 * Runtime validation of a single value cannot see the old value; the API server and the callers that
 * have both (the console, `bi battery edit`) compare with `compareQuantities`.
 */
export function growOnlyQuantity(description: string, example = '1Gi') {
  return withCelRules(quantity(`${description} May grow, never shrink.`, example), [
    {
      rule: 'quantity(self).compareTo(quantity(oldSelf)) >= 0',
      message: 'may not shrink: volumes can only grow; set a size greater than or equal to the current one',
      reason: 'FieldValueForbidden',
    },
  ]);
}
