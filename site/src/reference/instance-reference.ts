import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findBattery,
  findInstanceKind,
  generate,
  INSTANCE_KINDS,
  installOrder,
  neededBundles,
  withSecretMaterial,
  type GenerateResult,
  type InstanceDefinition,
  type PrinterColumn,
  type Snapshot,
  type SnapshotInstance,
} from '@batteries-included/batteries';
import { instanceCrd, type OpenApiSchema } from '@batteries-included/crds';
import { parseAllDocuments } from 'yaml';
import { generatedKinds, imagesIn, type GeneratedKind } from './generated-objects.js';
import { schemaFields, type SchemaFields } from './schema-fields.js';

/** Everything an instance kind's reference page shows, from its definition, its CRD and a real `generate()`. */
export interface InstanceReference {
  kind: string;
  plural: string;
  shortNames: readonly string[];
  description: string;
  /** The battery that renders it, with its display name. */
  battery: { type: string; name: string };
  crd: { name: string; group: string; version: string };
  specDescription?: string;
  spec: SchemaFields;
  immutableFields: readonly string[];
  maxNameLength: number;
  printerColumns: readonly PrinterColumn[];
  /** The file under `examples/instances/` whose first object of this kind the page renders, as committed. */
  example: { file: string; yaml: string };
  /** What `generate()` renders for that object, with every example instance and their batteries at their defaults. */
  generated: GeneratedKind[];
  images: string[];
}

interface ExampleFile {
  file: string;
  yaml: string;
  instances: SnapshotInstance[];
}

/** Every `examples/instances/*.yaml` with the instance objects it holds (other objects, such as Namespaces, apart). */
function exampleFiles(repoRoot: string): ExampleFile[] {
  const folder = join(repoRoot, 'examples', 'instances');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const yaml = readFileSync(join(folder, name), 'utf8');
      const instances = parseAllDocuments(yaml)
        .map(
          (d) =>
            d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: unknown },
        )
        .filter((o) => o.kind !== undefined && findInstanceKind(o.kind) !== undefined)
        .map((o) => ({
          kind: o.kind!,
          namespace: o.metadata?.namespace ?? 'default',
          name: o.metadata?.name ?? '',
          spec: o.spec ?? {},
        }));
      return { file: `examples/instances/${name}`, yaml, instances };
    });
}

/**
 * A snapshot of every example instance (`kubectl apply -f examples/instances/` applies them together: one refers to
 * another, as a FerretService to its PostgresCluster), their batteries and those batteries' dependencies at their
 * defaults. An object that two files both show is taken once.
 */
function examplesSnapshot(examples: readonly ExampleFile[]): Snapshot {
  const byRef = new Map<string, SnapshotInstance>();
  for (const instance of examples.flatMap((e) => e.instances)) {
    const ref = `${instance.kind}/${instance.namespace}/${instance.name}`;
    if (!byRef.has(ref)) byRef.set(ref, instance);
  }
  const instances = [...byRef.values()];
  const owners = [...new Set(instances.map((i) => findInstanceKind(i.kind)!.battery))];
  const batteries: Record<string, unknown> = Object.fromEntries(
    installOrder(owners).map((type) => [type, {}]),
  );
  const bundles = Object.fromEntries(
    neededBundles(batteries).map(({ key }) => [key, { digest: 'not-fetched-at-build', objects: [] }]),
  );
  return withSecretMaterial(
    { batteries, live: {}, secretMaterial: {}, bundles, instances },
    (request: { length: number }) => 'x'.repeat(request.length),
  );
}

/**
 * The reference of one instance kind. Throws when no example shows it or its example does not render: the site is
 * not built from a catalog whose examples fail.
 */
function instanceReference(
  definition: InstanceDefinition,
  examples: readonly ExampleFile[],
  rendered: GenerateResult,
): InstanceReference {
  const example = examples.find((e) => e.instances.some((i) => i.kind === definition.kind));
  const shown = example?.instances.find((i) => i.kind === definition.kind);
  if (!example || !shown)
    throw new Error(`${definition.kind}: no example under examples/instances/; every instance kind has one`);
  const result = rendered.instances.find((r) => r.type === `${shown.kind}/${shown.namespace}/${shown.name}`);
  if (result?.status !== 'generated') {
    const why = result && 'message' in result ? result.message : 'no result';
    throw new Error(`${definition.kind}: ${example.file} does not render: ${why}`);
  }
  const crd = instanceCrd(definition);
  const version = crd.spec.versions[0]!;
  const specSchema = version.schema.openAPIV3Schema.properties?.spec as OpenApiSchema;
  return {
    kind: definition.kind,
    plural: definition.plural,
    shortNames: definition.shortNames,
    description: definition.description,
    battery: { type: definition.battery, name: findBattery(definition.battery)?.name ?? definition.battery },
    crd: { name: crd.metadata.name, group: crd.spec.group, version: version.name },
    ...(specSchema.description ? { specDescription: specSchema.description } : {}),
    spec: schemaFields(specSchema),
    immutableFields: definition.immutableFields ?? [],
    maxNameLength: definition.maxNameLength ?? 63,
    printerColumns: definition.printerColumns ?? [],
    example: { file: example.file, yaml: example.yaml },
    generated: generatedKinds(result.objects),
    images: [...imagesIn(result.objects)].sort(),
  };
}

/** The reference of every instance kind, sorted by kind. */
export function instanceKindsReference(repoRoot: string): InstanceReference[] {
  const examples = exampleFiles(repoRoot);
  const rendered = generate(examplesSnapshot(examples));
  return INSTANCE_KINDS.map((definition) => instanceReference(definition, examples, rendered));
}
