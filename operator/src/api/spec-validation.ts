import { UnknownBatteryError, findBattery, type BatteryDefinition } from '@batteries-included/batteries';
import type { z } from 'zod';
import { KubeApiError } from '../kube/errors.js';
import { ApiProblem, unknownBattery, type FieldError } from './problem.js';

/** The catalog entry of `type`, or a 404 problem naming it and the known types. */
export function requireBattery(type: string): BatteryDefinition {
  const battery = findBattery(type);
  if (!battery) throw unknownBattery(new UnknownBatteryError(type));
  return battery;
}

/**
 * The field errors of `spec` against the battery's (or instance kind's) zod schema — the schema its CRD is made from — each naming the
 * field as `<prefix>.<path>` (`spec.storageSize`), what is wrong and accepted (zod's message), and the value sent.
 * Empty when the spec is valid.
 * @example specErrors(findBattery('redis')!, { appendonly: 'yes' }) // [{ field: 'spec.appendonly', … }]
 */
export function specErrors(
  battery: Pick<BatteryDefinition, 'schema'>,
  spec: unknown,
  prefix = 'spec',
): FieldError[] {
  let result: ReturnType<typeof battery.schema.safeParse>;
  try {
    result = battery.schema.safeParse(spec);
  } catch (error) {
    // A refinement that throws on input an earlier check already rejected (e.g. parsing a malformed quantity):
    // still a refusal, with the thrown message, though it cannot name the field.
    return [{ field: prefix, message: error instanceof Error ? error.message : String(error) }];
  }
  return result.success ? [] : result.error.issues.map((issue) => fieldErrorOf(issue, spec, prefix));
}

/** Throws a 422 `invalid-spec` problem listing every field error of every entry; nothing else happens. */
export function assertValid(errors: readonly FieldError[], what: string): void {
  if (errors.length === 0) return;
  const fields = errors.length === 1 ? '1 invalid field' : `${errors.length} invalid fields`;
  throw new ApiProblem(422, 'invalid-spec', `${what}: ${fields}; nothing was applied`, {
    errors: [...errors],
  });
}

/**
 * A server-side refusal of a Battery write as a problem: the API server's `Invalid` (CRD schema, CEL rules such as
 * grow-only volumes) becomes 422 `invalid-spec` with one error per field it named; a `Conflict` becomes 409
 * `stale-resource-version`. Anything else is rethrown for the mapper.
 */
export function writeProblem(battery: string, error: unknown, spec?: unknown): unknown {
  if (!(error instanceof KubeApiError)) return error;
  if (error.status === 409) {
    return new ApiProblem(
      409,
      'stale-resource-version',
      `${battery}: the Battery object changed since it was read (${error.apiMessage}); read it again and retry`,
      {},
      { cause: error },
    );
  }
  if (error.status !== 422 && error.status !== 400) return error;
  const body = (error.cause as { body?: unknown } | undefined)?.body;
  const causes =
    (body as { details?: { causes?: Array<{ field?: string; message?: string }> } } | undefined)?.details
      ?.causes ?? [];
  const errors: FieldError[] = causes
    .filter((cause) => cause.message)
    .map((cause) => {
      const field = cause.field ?? 'spec';
      return { field, message: cause.message!, value: valueAt(spec, field.replace(/^spec\.?/, '')) };
    });
  return new ApiProblem(
    422,
    'invalid-spec',
    `${battery}: the API server refused the spec; nothing was applied: ${error.apiMessage}`,
    { errors: errors.length > 0 ? errors : [{ field: 'spec', message: error.apiMessage }] },
    { cause: error },
  );
}

function fieldErrorOf(issue: z.core.$ZodIssue, input: unknown, prefix: string): FieldError {
  const path = issue.path.map(String);
  const field = [prefix, ...path].reduce((acc, key) =>
    /^\d+$/.test(key) ? `${acc}[${key}]` : `${acc}.${key}`,
  );
  const error: FieldError = { field, message: issue.message };
  // An unknown field's path is its parent; name the keys themselves.
  if (issue.code === 'unrecognized_keys') {
    return { field, message: `${issue.message}; remove ${issue.keys.join(', ')}`, value: issue.keys };
  }
  const value = valueAt(input, path.join('.'));
  return value === undefined ? error : { ...error, value };
}

function valueAt(input: unknown, dotted: string): unknown {
  if (dotted === '') return input;
  let node = input;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
