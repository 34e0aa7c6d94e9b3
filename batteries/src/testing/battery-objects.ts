import { generate } from '../generate.js';
import type { KubeObject } from '../model/kube-object.js';
import type { Snapshot } from '../model/snapshot.js';
import { testSnapshot } from './snapshot.js';

/**
 * One battery's generated objects from a test snapshot (synthetic bundles) of `batteries` with `live` objects
 * (or from the snapshot given), or a thrown error saying why not.
 */
export function batteryObjects(
  type: string,
  batteries: Record<string, unknown>,
  live: readonly KubeObject[] | Snapshot = [],
): KubeObject[] {
  const snapshot = Array.isArray(live) ? testSnapshot(batteries, [...live]) : (live as Snapshot);
  const result = generate(snapshot).batteries.find((b) => b.type === type);
  if (result?.status !== 'generated') throw new Error(`${type} was not generated: ${JSON.stringify(result)}`);
  return result.objects;
}

/**
 * Why `type` failed to generate with `spec` (beside a default core battery): its message. Throws when it
 * generated after all, so a test of a refusal cannot pass by accident.
 */
export function generationFailure(
  type: string,
  spec: unknown,
  batteries: Record<string, unknown> = { core: {} },
): string {
  const result = generate(testSnapshot({ ...batteries, [type]: spec })).batteries.find(
    (b) => b.type === type,
  );
  if (result?.status !== 'failed') throw new Error(`expected ${type} to fail, got ${result?.status}`);
  return result.message;
}

/** `Kind/namespace/name` lines, sorted: what a battery generates at a glance. */
export function objectNames(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name].filter(Boolean).join('/')).sort();
}

/** The object of `kind` named `name` (the first of its kind without a name); throws listing what there is. */
// Tests read deep paths of generated objects; golden files pin their full shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function findObject(objects: readonly KubeObject[], kind: string, name?: string): any {
  const object = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!object) throw new Error(`no ${kind} ${name ?? ''} in ${objectNames(objects).join(', ')}`);
  return object;
}
