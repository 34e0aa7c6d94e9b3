import { formatSchemaPath, schemaRefinements } from '@batteries-included/batteries';
import type { z } from 'zod';

/**
 * Every zod refinement of a spec schema the CRD would not enforce: kubectl and GitOps users would store a spec the
 * operator then refuses. `withAdmissionRule` declares the refinement and its CEL rule together. The Battery and the
 * instance CRD synths both refuse a schema with one.
 */
export function refinementsWithoutCel(schema: z.ZodType): string[] {
  return schemaRefinements(schema)
    .filter((refinement) => refinement.rule === undefined)
    .map(
      ({ path }) =>
        `${formatSchemaPath(path)}: a zod refinement without a CEL rule; declare it with withAdmissionRule ` +
        '(batteries/src/schema/admission-rule.ts) so the API server enforces it too',
    );
}
