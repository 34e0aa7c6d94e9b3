import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '@batteries-included/batteries';
import { InvalidInputError } from '../lib/errors.js';

/** deploy/base of this checkout (cli/src/start → ../../../deploy/base, the same from cli/dist/start). */
export const DEPLOY_BASE_DIR = fileURLToPath(new URL('../../../deploy/base/', import.meta.url));

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

interface Kustomization {
  namespace?: string;
  resources?: string[];
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
}

type Json = Record<string, unknown>;
const at = (object: Json, ...path: string[]): Json | undefined =>
  path.reduce<Json | undefined>((o, key) => (o?.[key] as Json | undefined) ?? undefined, object);

/**
 * Renders deploy/base the way `kubectl kustomize` does for what that base uses — `namespace`, `labels` (with
 * `includeSelectors`/`includeTemplates`) and `images` — with the operator image replaced by `image` when given
 * (`repository:tag`). The CRDs are left out (`bi start` applies this build's CRDs itself).
 * A test compares the result with `kubectl kustomize deploy/base`.
 */
export function renderOperatorManifests(
  options: { image?: string; baseDir?: string; includeCrds?: boolean } = {},
): KubeObject[] {
  const baseDir = options.baseDir ?? DEPLOY_BASE_DIR;
  const kustomization = parse(readFileSync(join(baseDir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const objects: KubeObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    if (!options.includeCrds && dirname(resource) === 'crds') continue;
    for (const document of parseAllDocuments(readFileSync(join(baseDir, resource), 'utf8'))) {
      const object = document.toJSON() as KubeObject | null;
      if (object) objects.push(object);
    }
  }
  const images = [...(kustomization.images ?? [])];
  if (options.image) {
    const match = /^(.+?)(?::([^:/]+))?$/.exec(options.image);
    if (!match?.[1])
      throw new InvalidInputError(`--operator-image "${options.image}": expected repository[:tag]`);
    images.unshift({
      name: 'ghcr.io/batteries-included/operator',
      newName: match[1],
      newTag: match[2] ?? 'latest',
    });
  }
  return objects.map((object) => {
    const result = structuredClone(object);
    const meta = result.metadata;
    if (kustomization.namespace && !CLUSTER_SCOPED.has(result.kind)) meta.namespace = kustomization.namespace;
    for (const { pairs, includeSelectors, includeTemplates } of kustomization.labels ?? []) {
      meta.labels = { ...meta.labels, ...pairs };
      const spec = result.spec as Json | undefined;
      if (!spec) continue;
      if (includeSelectors) {
        if (result.kind === 'Service') spec.selector = { ...(spec.selector as Json), ...pairs };
        if (WORKLOADS.has(result.kind)) {
          const selector = (spec.selector ??= {}) as Json;
          selector.matchLabels = { ...(selector.matchLabels as Json), ...pairs };
        }
      }
      if ((includeSelectors || includeTemplates) && WORKLOADS.has(result.kind)) {
        const template = (spec.template ??= {}) as Json;
        const templateMeta = (template.metadata ??= {}) as Json;
        templateMeta.labels = { ...(templateMeta.labels as Json), ...pairs };
      }
    }
    for (const container of [
      ...((at(result as Json, 'spec', 'template', 'spec')?.containers as Json[] | undefined) ?? []),
      ...((at(result as Json, 'spec', 'template', 'spec')?.initContainers as Json[] | undefined) ?? []),
    ]) {
      const current = String(container.image ?? '');
      const name = current.replace(/[:@].*$/, '');
      const rule = images.find((i) => i.name === name);
      if (rule) container.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : ''}`;
    }
    return result;
  });
}
