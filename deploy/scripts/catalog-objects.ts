import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATALOG,
  generate,
  neededBundles,
  withSecretMaterial,
  type KubeObject,
  type Snapshot,
  type SnapshotInstance,
} from '@batteries-included/batteries';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

/** The part of a Battery manifest a snapshot needs; the spec itself is validated by generate(). */
const batteryManifest = z.looseObject({
  kind: z.string().endsWith('Battery'),
  metadata: z.looseObject({ name: z.string() }),
  spec: z.unknown().optional(),
});

/** Battery specs by type, from one example file. */
export interface ExampleSpecs {
  readonly file: string;
  readonly specs: Readonly<Record<string, unknown>>;
}

/** The Battery specs in every `*.yaml` directly under `examplesDir` (not `invalid/`), one entry per file. */
export function readExampleSpecs(examplesDir: string): ExampleSpecs[] {
  return readdirSync(examplesDir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const specs: Record<string, unknown> = {};
      for (const document of parseAllDocuments(readFileSync(join(examplesDir, file), 'utf8'))) {
        if (document.errors.length > 0) throw new Error(`examples/${file}: ${document.errors[0]!.message}`);
        const manifest = batteryManifest.parse(document.toJS());
        specs[manifest.metadata.name] = manifest.spec ?? {};
      }
      return { file, specs };
    });
}

/** The instance objects in every `*.yaml` of `instancesDir` (`examples/instances`), as the snapshot carries them. */
export function readExampleInstances(instancesDir: string): SnapshotInstance[] {
  return readdirSync(instancesDir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(instancesDir, file), 'utf8')).map((document) => {
        const manifest = z
          .looseObject({
            kind: z.string(),
            metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
            spec: z.unknown().optional(),
          })
          .parse(document.toJS());
        return {
          kind: manifest.kind,
          namespace: manifest.metadata.namespace,
          name: manifest.metadata.name,
          spec: manifest.spec ?? {},
        };
      }),
    );
}

/**
 * A snapshot with every battery in the catalog installed: defaults, overridden by `specs`. Secret material is a
 * fixed filler; RBAC cares about kinds and names, never values.
 */
export function everyBatterySnapshot(
  specs: Readonly<Record<string, unknown>> = {},
  instances: readonly SnapshotInstance[] = [],
): Snapshot {
  const batteries = Object.fromEntries(CATALOG.map((battery) => [battery.type, specs[battery.type] ?? {}]));
  // Upstream bundles are fetched at run time, not known here: empty stand-ins let their batteries generate
  // their own objects. The rules do not yet cover what the bundles themselves contain (upstream RBAC, webhooks):
  // see operator/src/bundles/README.md.
  const bundles = Object.fromEntries(
    neededBundles(batteries).map(({ key }) => [key, { digest: 'rbac-synth', objects: [] }]),
  );
  const snapshot: Snapshot = { batteries, live: {}, secretMaterial: {}, bundles };
  if (instances.length > 0) snapshot.instances = [...instances];
  return withSecretMaterial(snapshot, (request) => 'x'.repeat(request.length));
}

/**
 * Every object the catalog generates with every battery installed: once with defaults and once per example file
 * (examples switch on options that defaults leave off), each time with the example instances (the kinds only
 * instances render: ScheduledBackups, ObjectStores). Fails, naming the batteries or instances, when any does not
 * generate: RBAC derived from a partial catalog would be silently short.
 */
export function catalogObjects(
  examples: readonly ExampleSpecs[] = [],
  instances: readonly SnapshotInstance[] = [],
): KubeObject[] {
  const variants: Array<{ source: string; specs: Readonly<Record<string, unknown>> }> = [
    { source: 'defaults', specs: {} },
    ...examples.map(({ file, specs }) => ({ source: `examples/${file}`, specs })),
  ];
  const objects: KubeObject[] = [];
  for (const { source, specs } of variants) {
    const result = generate(everyBatterySnapshot(specs, instances));
    const failed = [...result.batteries, ...result.instances].filter(
      (battery) => battery.status !== 'generated',
    );
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((battery) => new Error(`${battery.type}: ${'message' in battery ? battery.message : ''}`)),
        `generate() with every battery installed (${source}) failed for ${failed.map((b) => b.type).join(', ')}`,
      );
    }
    objects.push(...result.objects);
  }
  return objects;
}
