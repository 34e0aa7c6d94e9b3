import type { KubeObject } from '@batteries-included/batteries';

/** How many objects of one kind a battery or an instance generates. */
export interface GeneratedKind {
  apiVersion: string;
  kind: string;
  count: number;
  /** Namespaces the objects land in (empty for cluster-scoped kinds). */
  namespaces: string[];
}

/** The objects by kind, sorted by kind and API version. */
export function generatedKinds(objects: readonly KubeObject[]): GeneratedKind[] {
  const byKind = new Map<string, GeneratedKind>();
  for (const object of objects) {
    const key = `${object.apiVersion} ${object.kind}`;
    const entry = byKind.get(key) ?? {
      apiVersion: object.apiVersion,
      kind: object.kind,
      count: 0,
      namespaces: [],
    };
    entry.count += 1;
    const namespace = object.metadata.namespace;
    if (namespace && !entry.namespaces.includes(namespace)) entry.namespaces.push(namespace);
    byKind.set(key, entry);
  }
  return [...byKind.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion),
  );
}

/** Every string value under a key named `image` (containers) or `imageName` (CloudNativePG), anywhere. */
export function imagesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) imagesIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'image' || key === 'imageName') && typeof child === 'string') found.add(child);
      else imagesIn(child, found);
    }
  }
  return found;
}
