import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATALOG,
  findInstanceKind,
  generate,
  isKubernetesObject,
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
  return withSecretMaterial(
    { batteries, live: {}, secretMaterial: {}, bundles, instances: [...instances] },
    (request) => 'x'.repeat(request.length),
  );
}

/**
 * Every object the catalog generates with every battery installed: once with defaults and once per example file
 * (examples switch on options that defaults leave off). Fails, naming the batteries, when any battery does not
 * generate: RBAC derived from a partial catalog would be silently short.
 */
export function catalogObjects(
  examples: readonly ExampleSpecs[] = [],
  instances: readonly SnapshotInstance[] = [],
): KubeObject[] {
  const variants: Array<{
    source: string;
    specs: Readonly<Record<string, unknown>>;
    instances?: readonly SnapshotInstance[];
  }> = [
    { source: 'defaults', specs: {} },
    ...examples.map(({ file, specs }) => ({ source: `examples/${file}`, specs })),
    // What instances render (a Knative Service, a HorizontalPodAutoscaler) is managed too.
    ...(instances.length > 0 ? [{ source: 'examples/instances', specs: {}, instances }] : []),
  ];
  const objects: KubeObject[] = [];
  for (const { source, specs, instances: given = [] } of variants) {
    const result = generate(everyBatterySnapshot(specs, given));
    const failed = [
      ...result.batteries.filter((battery) => battery.status !== 'generated'),
      ...result.instances.filter((instance) => instance.status !== 'generated'),
    ];
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((entry) => new Error(`${entry.type}: ${'message' in entry ? entry.message : ''}`)),
        `generate() with every battery installed (${source}) failed for ${failed.map((b) => b.type).join(', ')}`,
      );
    }
    objects.push(...result.objects.filter(isKubernetesObject));
  }
  return objects;
}

/** The instances in `examplesDir/instances/*.yaml` (other documents, such as Namespaces, are skipped). */
export function readExampleInstances(examplesDir: string): SnapshotInstance[] {
  const dir = join(examplesDir, 'instances');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).flatMap((document) => {
        const manifest = instanceManifest.safeParse(document.toJS());
        if (!manifest.success || !findInstanceKind(manifest.data.kind)) return [];
        const { kind, metadata, spec } = manifest.data;
        return [{ kind, namespace: metadata.namespace, name: metadata.name, spec: spec ?? {} }];
      }),
    );
}

const instanceManifest = z.looseObject({
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
  spec: z.unknown().optional(),
});
