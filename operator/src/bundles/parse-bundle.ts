import type { KubeObject } from '@batteries-included/batteries';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { BundleParseError } from './errors.js';

const manifestSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }),
});

/**
 * Parses a bundle's multi-document YAML (YAML 1.1, as kubectl reads it) into objects, in file order: empty
 * documents are skipped and `List` kinds are expanded. Every object must have apiVersion, kind and a name.
 * @throws BundleParseError naming the document that is not a Kubernetes object
 */
export function parseBundle(bundle: string, content: string): KubeObject[] {
  const objects: KubeObject[] = [];
  const documents = parseAllDocuments(content, { version: '1.1' });
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, index) => {
    if (document.errors.length > 0)
      throw new BundleParseError(bundle, `document ${index + 1}: ${document.errors[0]!.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    const items =
      typeof value === 'object' && (value as { kind?: unknown }).kind === 'List'
        ? ((value as { items?: unknown[] }).items ?? [])
        : [value];
    for (const item of items) {
      const parsed = manifestSchema.safeParse(item);
      if (!parsed.success)
        throw new BundleParseError(
          bundle,
          `document ${index + 1} is not a Kubernetes object: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      objects.push(parsed.data as KubeObject);
    }
  });
  return objects;
}
