import type { AdmissionRule } from './admission-rule.js';

/** How a list's items must differ: by which key, with which message, and the examples of the parity test. */
export interface UniqueKeyProps {
  /** The item property that must not repeat (a plain identifier: it is spliced into CEL). */
  readonly key: string;
  /** What both sides answer, such as `env: each name may appear once`. */
  readonly message: string;
  readonly examples: AdmissionRule['examples'];
}

/**
 * An admission rule for a list node whose items must differ in `key` (the CRD's `x-kubernetes-list-type: map`
 * would answer `Duplicate value` in the API server's words, not ours). The message does not quote the repeated
 * value: the CEL to find it (`self.filter(...)[0].key`) is a messageExpression whose size the API server cannot
 * bound, and it refuses such a CRD.
 * @example withAdmissionRule(z.array(user), uniqueKeyRule({ key: 'username', message: 'users: each username may appear once', examples }))
 */
export function uniqueKeyRule<Item extends Record<string, unknown>>(
  props: UniqueKeyProps,
): AdmissionRule<readonly Item[]> {
  const { key, message } = props;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
    throw new RangeError(`uniqueKeyRule: ${key} must be a CEL identifier`);
  return {
    accepts: (items) => items.every((item) => items.filter((other) => other[key] === item[key]).length === 1),
    cel: `self.all(x, self.exists_one(y, y.${key} == x.${key}))`,
    message,
    examples: props.examples,
  };
}
