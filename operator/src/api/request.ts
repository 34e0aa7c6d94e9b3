import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiProblem, type FieldError } from './problem.js';

/**
 * The request's JSON body parsed with `schema`. Not JSON → 400 `bad-request`; the wrong shape → 400 `bad-request`
 * with one error per field (`spec`, `batteries[0].type`). Spec contents are validated separately, per battery.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    const text = await c.req.text();
    // An empty body is an empty object: every field of a body with defaults may be left out.
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiProblem(400, 'bad-request', 'the request body must be JSON');
  }
  return parseWith(schema, body, 'the request body');
}

/** Query parameters parsed with `schema`; problems are 400 `bad-request` naming each parameter. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'the query');
}

/** A path parameter that must be a positive whole number (a pass id). */
export function idParam(c: Context, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ApiProblem(400, 'bad-request', `${name}: expected a whole number, got "${raw}"`, {
      errors: [{ field: name, message: 'expected a whole number', value: raw }],
    });
  }
  return Number(raw);
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.reduce<string>(
      (acc, key) =>
        typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
      '',
    ),
    message: issue.message,
  }));
  throw new ApiProblem(
    400,
    'bad-request',
    `${what} is invalid: ${errors.map((e) => `${e.field || '(root)'}: ${e.message}`).join('; ')}`,
    { errors },
  );
}
