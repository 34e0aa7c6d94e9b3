import type { OpenApiSchema } from '@batteries-included/crds';
import { schemaFields, type SchemaFields } from './schema-fields.js';

/** The OpenAPI document as far as the reference reads it. */
interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

interface OperationObject {
  summary?: string;
  parameters?: { name: string; in: string; description?: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}

export interface HttpOperation {
  method: string;
  path: string;
  /** Anchor on the API page, e.g. `put-api-v1-batteries-type`. */
  id: string;
  summary: string;
  parameters: { name: string; in: string; description: string; isRequired: boolean }[];
  /** The request body's component, if any. */
  body?: string;
  responses: { status: string; description: string; mediaType?: string; component?: string }[];
}

export interface HttpComponent {
  name: string;
  schema: SchemaFields;
  type?: string;
}

export interface HttpReference {
  title: string;
  version: string;
  operations: HttpOperation[];
  components: HttpComponent[];
}

const refName = (ref: string | undefined) => (ref ? ref.slice(ref.lastIndexOf('/') + 1) : undefined);

/** The API reference from an OpenAPI 3 document (the operator's `openApiDocument()`). */
export function httpReference(document: unknown): HttpReference {
  const doc = document as OpenApiDocument;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): HttpOperation => {
      const bodyMedia = op.requestBody ? Object.values(op.requestBody.content)[0] : undefined;
      const body = refName(bodyMedia?.schema.$ref);
      return {
        method: method.toUpperCase(),
        path,
        id: `${method}-${path}`
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/-+$/, ''),
        summary: op.summary ?? '',
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          description: p.description ?? '',
          isRequired: p.required ?? false,
        })),
        ...(body ? { body } : {}),
        responses: Object.entries(op.responses).map(([status, response]) => {
          const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
          const component = refName(media?.schema.$ref);
          return {
            status,
            description: response.description,
            ...(mediaType ? { mediaType } : {}),
            ...(component ? { component } : {}),
          };
        }),
      };
    }),
  );
  const components = Object.entries(doc.components.schemas).map(([name, schema]) => ({
    name,
    schema: schemaFields(schema),
    ...(schema.type ? { type: schema.type } : {}),
  }));
  return { title: doc.info.title, version: doc.info.version, operations, components };
}
