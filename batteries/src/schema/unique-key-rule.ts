import type { AdmissionRule } from './admission-rule.js';

/** How a list's items must differ: by which key, with which message, and the examples of the parity test. */
export interface UniqueKeyProps {
  /** The item property that must not repeat (a plain identifier: it is spliced into CEL). */
  readonly key: string;
  /** What both sides answer, such as `env: each name may appear once`. */
  readonly message: string;
  /** Quote the first repeated value: `env: each name may appear once (A repeats)`. Only for string keys. */
  readonly quoteRepeat?: boolean;
  readonly examples: AdmissionRule['examples'];
}

/**
 * An admission rule for a list node whose items must differ in `key` (the CRD's `x-kubernetes-list-type: map`
 * would answer `Duplicate value` in the API server's words, not ours).
 * @example withAdmissionRule(z.array(user), uniqueKeyRule({ key: 'username', message: 'users: each username may appear once', examples }))
 */
export function uniqueKeyRule<Item extends Record<string, unknown>>(
  props: UniqueKeyProps,
): AdmissionRule<readonly Item[]> {
  const { key, message } = props;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || message.includes("'"))
    throw new RangeError(`uniqueKeyRule: ${key} must be a CEL identifier and the message free of '`);
  const isRepeated = (items: readonly Item[], item: Item) =>
    items.filter((other) => other[key] === item[key]).length > 1;
  return {
    accepts: (items) => items.every((item) => !isRepeated(items, item)),
    cel: `self.all(x, self.exists_one(y, y.${key} == x.${key}))`,
    message,
    ...(props.quoteRepeat
      ? {
          messageFor: {
            // The first item whose value repeats, in list order, as the CEL `filter` finds it.
            zod: (items: readonly Item[]) =>
              `${message} (${String(items.find((item) => isRepeated(items, item))?.[key])} repeats)`,
            cel: `'${message} (' + self.filter(x, !self.exists_one(y, y.${key} == x.${key}))[0].${key} + ' repeats)'`,
          },
        }
      : {}),
    examples: props.examples,
  };
}
