import type { z } from 'zod';

/**
 * `spec.path.to.field: message (got value)` lines, naming the field the way `kubectl` users write it.
 * The value appears when the parse ran with `reportInput: true` and the value is a scalar.
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? `spec.${issue.path.map(String).join('.')}` : 'spec';
    const input = (issue as { input?: unknown }).input;
    const got =
      input !== undefined && (typeof input !== 'object' || input === null)
        ? ` (got ${JSON.stringify(input)})`
        : '';
    return `${path}: ${issue.message}${got}`;
  });
}
