import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATALOG,
  generate,
  installOrder,
  neededBundles,
  withSecretMaterial,
  type BatteryDefinition,
  type BatteryGroup,
  type Snapshot,
  type UpstreamBundle,
} from '@batteries-included/batteries';
import { batteryCrd, type BatteryCrdManifest, type OpenApiSchema } from '@batteries-included/crds';
import { parseAllDocuments } from 'yaml';
import { generatedKinds, imagesIn, type GeneratedKind } from './generated-objects.js';
import { schemaFields, type SchemaFields } from './schema-fields.js';

/** Everything a battery's reference page shows, from the catalog, its CRD and a real `generate()`. */
export interface BatteryReference {
  type: string;
  name: string;
  group: BatteryGroup;
  description: string;
  dependencies: readonly string[];
  integrations: readonly string[];
  /** Everything `installOrder` installs for it, dependencies first (ends with the battery itself). */
  installOrder: string[];
  isUninstallable: boolean;
  crd: { name: string; kind: string; plural: string; shortNames: string[]; group: string; version: string };
  /** The spec's description and every field, from the CRD's `spec` schema (the same one the API server enforces). */
  specDescription?: string;
  spec: SchemaFields;
  /** `examples/<type>.yaml`, as committed. */
  example: { file: string; yaml: string };
  /** What `generate()` renders for the example spec with its dependencies at their defaults, by kind. */
  generated: GeneratedKind[];
  /** Container images the generated objects run (repository:tag), sorted. */
  images: string[];
  /** Upstream releases the battery installs, fetched and verified by the operator at run time. */
  bundles: UpstreamBundle[];
  /** The instance kinds users create inside it (`/instances/<plural>/`). */
  instanceKinds: { kind: string; plural: string }[];
}

/** Deterministic stand-in secret material: the reference shows kinds and counts, never values. */
const placeholderSecret = (request: { length: number }) => 'x'.repeat(request.length);

function exampleOf(
  battery: BatteryDefinition,
  repoRoot: string,
): { file: string; yaml: string; spec: unknown } {
  const file = `examples/${battery.type}.yaml`;
  const path = join(repoRoot, file);
  if (!existsSync(path)) throw new Error(`${battery.type}: ${file} is missing; every battery has an example`);
  const yaml = readFileSync(path, 'utf8');
  const documents = parseAllDocuments(yaml).map((d) => d.toJS() as { spec?: unknown });
  if (documents.length !== 1)
    throw new Error(`${file}: expected one Battery object, found ${documents.length}`);
  return { file, yaml, spec: documents[0]!.spec ?? {} };
}

/** A snapshot with the example spec, its dependencies at their defaults, and every declared bundle empty. */
function exampleSnapshot(battery: BatteryDefinition, spec: unknown): Snapshot {
  const batteries: Record<string, unknown> = Object.fromEntries(
    installOrder([battery.type]).map((type) => [type, type === battery.type ? spec : {}]),
  );
  const bundles = Object.fromEntries(
    neededBundles(batteries).map(({ key }) => [key, { digest: 'not-fetched-at-build', objects: [] }]),
  );
  return withSecretMaterial({ batteries, live: {}, secretMaterial: {}, bundles }, placeholderSecret);
}

/**
 * The reference of one battery. Throws when its example does not generate: the site is not built from a catalog
 * whose examples fail.
 */
export function batteryReference(battery: BatteryDefinition, repoRoot: string): BatteryReference {
  const crd: BatteryCrdManifest = batteryCrd(battery);
  const version = crd.spec.versions[0]!;
  const specSchema = version.schema.openAPIV3Schema.properties?.spec as OpenApiSchema;
  const example = exampleOf(battery, repoRoot);
  const result = generate(exampleSnapshot(battery, example.spec));
  const own = result.batteries.find((b) => b.type === battery.type);
  if (own?.status !== 'generated') {
    const why = own && 'message' in own ? own.message : 'no result';
    throw new Error(`${battery.type}: ${example.file} does not generate: ${why}`);
  }
  const parsed = battery.schema.parse(example.spec);
  return {
    type: battery.type,
    name: battery.name,
    group: battery.group,
    description: battery.description,
    dependencies: battery.dependencies,
    integrations: battery.integrations,
    installOrder: installOrder([battery.type]),
    isUninstallable: battery.uninstallable,
    crd: {
      name: crd.metadata.name,
      kind: crd.spec.names.kind,
      plural: crd.spec.names.plural,
      shortNames: crd.spec.names.shortNames,
      group: crd.spec.group,
      version: version.name,
    },
    ...(specSchema.description ? { specDescription: specSchema.description } : {}),
    spec: schemaFields(specSchema),
    example: { file: example.file, yaml: example.yaml },
    generated: generatedKinds(own.objects),
    images: [...imagesIn(own.objects)].sort(),
    bundles: [...(battery.bundles?.(parsed) ?? [])],
    instanceKinds: (battery.instances ?? []).map(({ kind, plural }) => ({ kind, plural })),
  };
}

/** The reference of every battery in the catalog, sorted by type. */
export function catalogReference(repoRoot: string): BatteryReference[] {
  return CATALOG.map((battery) => batteryReference(battery, repoRoot));
}
