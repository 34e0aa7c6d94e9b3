import { DASHBOARD_LABEL, type KubeObject } from '@batteries-included/batteries';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { BundleParseError } from './errors.js';

const manifestSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }),
});

/** A Grafana dashboard's JSON model: what grafana.com and upstream repositories publish. */
const dashboardSchema = z.looseObject({
  title: z.string().min(1),
  uid: z.string().optional(),
  panels: z.array(z.unknown()),
});

/**
 * Parses a bundle's multi-document YAML (YAML 1.1, as kubectl reads it) into objects, in file order: empty
 * documents are skipped and `List` kinds are expanded. Every object must have apiVersion, kind and a name — or be
 * a Grafana dashboard (a JSON model with `title` and `panels`: dashboard bundles are JSON files, which YAML
 * reads), which becomes a ConfigMap `grafana-dashboard-<uid or position>` labelled `DASHBOARD_LABEL` with the
 * dashboard as `dashboard.json`.
 * @throws BundleParseError naming the document that is neither
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
      const dashboard = dashboardSchema.safeParse(item);
      if (dashboard.success && (item as { apiVersion?: unknown }).apiVersion === undefined) {
        objects.push(dashboardConfigMap(dashboard.data.uid, item, index));
        continue;
      }
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

/** A dashboard as the ConfigMap the grafana battery mounts; named by its uid (lower-cased, DNS-safe). */
function dashboardConfigMap(uid: string | undefined, dashboard: unknown, index: number): KubeObject {
  const id = (uid ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `grafana-dashboard-${id || index + 1}`, labels: { [DASHBOARD_LABEL]: 'true' } },
    data: { 'dashboard.json': JSON.stringify(dashboard) },
  };
}
