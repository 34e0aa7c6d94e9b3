import { z } from 'zod';

/**
 * One `x-kubernetes-validations` entry as a CRD carries it (the crds workspace's `ValidationRule` has the same
 * shape; this workspace cannot import it).
 */
export interface CelValidation {
  rule: string;
  message: string;
  messageExpression?: string;
  reason?: AdmissionRule['reason'];
  fieldPath?: string;
}

/**
 * A rule that patterns, enums and ranges cannot express, enforced twice from one declaration: by zod (the
 * console, the CLI, the operator's parse) and by a CEL rule on the CRD (kubectl, GitOps), with one message.
 */
export interface AdmissionRule<Value = unknown> {
  /** zod's side: whether the value passes. Runs on a value that passed the node's own type and pattern checks. */
  readonly accepts: (value: Value) => boolean;
  /**
   * The API server's side: the same rule in Kubernetes CEL, `self` being the node. The quantity (`isQuantity`,
   * `quantity(...)`), IP (`isIP`, `ip(...)`) and CIDR (`isCIDR`, `cidr(...)`) libraries are there. CEL runs even
   * when the node's pattern failed, so a rule that parses guards itself (`!isQuantity(self) || ...`): the pattern
   * (or another rule) reports the malformed value, not a CEL evaluation error.
   */
  readonly cel: string;
  /** What both sides answer, naming what is accepted (the API server prefixes the field path). */
  readonly message: string;
  /**
   * A message that quotes the value, built by both sides alike: zod calls `zod`, the API server evaluates the CEL
   * string expression `cel` (falling back to `message` if it fails). The parity test compares the two.
   */
  readonly messageFor?: { readonly zod: (value: Value) => string; readonly cel: string };
  /** The field the error names, below the node (`['requests', 'cpu']`); default: the node itself. */
  readonly path?: readonly string[];
  /** The API server's reason; default `FieldValueInvalid`. */
  readonly reason?:
    'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  /** zod stops checking the node when this rule fails (a rule later rules rely on, such as a parse). */
  readonly abort?: boolean;
  /**
   * Values of the node this rule accepts and refuses; the admission parity test puts each into a valid Battery
   * object (for an object node, merged over the object there) and expects zod and the CRD to agree.
   */
  readonly examples: { readonly accepted: readonly unknown[]; readonly refused: readonly unknown[] };
}

const RULE_PARAM = 'admissionRule';

// Which zod check each rule became, so `schemaRefinements` can tell a declared rule from a bare `.refine`.
const RULES = new WeakMap<object, AdmissionRule<never>>();

/**
 * Adds `rule` to `schema`: a zod refinement and, in the schema's metadata, the CEL rule the CRD synth emits on
 * the same node (after any rules the node already has). Declare every refinement of a battery schema this way:
 * the CRD synth refuses a schema with a bare `.refine`/`.superRefine`, whose rule kubectl users would not get.
 *
 * @example
 * withAdmissionRule(quantity('Maxmemory.'), {
 *   accepts: (value) => parseQuantity(value) >= 0,
 *   cel: "!isQuantity(self) || !quantity(self).isLessThan(quantity('0'))",
 *   message: 'must not be negative',
 *   examples: { accepted: ['0', '1Gi'], refused: ['-1Gi'] },
 * })
 */
export function withAdmissionRule<Schema extends z.ZodType>(
  schema: Schema,
  rule: AdmissionRule<z.output<Schema>>,
): Schema {
  const { messageFor } = rule;
  const check = z.refine<z.output<Schema>>((value) => rule.accepts(value), {
    error: messageFor ? (issue) => messageFor.zod(issue.input as z.output<Schema>) : rule.message,
    // Lets a test tell this rule's issues from others at the same field (`isIssueOf`).
    params: { [RULE_PARAM]: rule.cel },
    ...(rule.path ? { path: [...rule.path] } : {}),
    ...(rule.abort ? { abort: true } : {}),
  });
  RULES.set(check, rule as AdmissionRule<never>);
  return schema
    .check(check)
    .meta({ 'x-kubernetes-validations': [...celRulesOf(schema), celValidation(rule)] });
}

/**
 * Appends CEL rules with no zod side to a node's metadata, after the rules it has: rules only the API server
 * can judge, such as transition rules that compare with the stored object (`oldSelf`).
 */
export function withCelRules<Schema extends z.ZodType>(
  schema: Schema,
  rules: readonly CelValidation[],
): Schema {
  return schema.meta({ 'x-kubernetes-validations': [...celRulesOf(schema), ...rules] });
}

/** The rule a zod check was declared with, or undefined for a check `withAdmissionRule` did not make. */
export function admissionRuleOf(check: object): AdmissionRule<never> | undefined {
  return RULES.get(check);
}

/** Whether a zod issue was raised by `rule`. */
export function isIssueOf(issue: z.core.$ZodIssue, rule: AdmissionRule<never>): boolean {
  return issue.code === 'custom' && issue.params?.[RULE_PARAM] === rule.cel;
}

/** The CEL validation a rule becomes on the CRD. */
export function celValidation(rule: AdmissionRule<never>): CelValidation {
  return {
    rule: rule.cel,
    message: rule.message,
    ...(rule.messageFor ? { messageExpression: rule.messageFor.cel } : {}),
    ...(rule.reason ? { reason: rule.reason } : {}),
    ...(rule.path && rule.path.length > 0 ? { fieldPath: rule.path.map((name) => `.${name}`).join('') } : {}),
  };
}

function celRulesOf(schema: z.ZodType): CelValidation[] {
  return (schema.meta()?.['x-kubernetes-validations'] as CelValidation[] | undefined) ?? [];
}
