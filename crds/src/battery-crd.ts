import { API_GROUP, API_VERSION, type BatteryDefinition } from '@batteries-included/batteries';
import { ApiObject, App, Chart, type ApiObjectProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { batteryStatusSchema } from './battery-status.js';
import { completeDefaults } from './complete-defaults.js';
import { CrdSchemaError } from './crd-schema-error.js';
import { assertShortName, crdKind, crdName, crdPlural, crdSingular } from './crd-names.js';
import { immutableFieldRules } from './immutable-field-rules.js';
import type { OpenApiSchema, ValidationRule } from './openapi-schema.js';
import { schemaToOpenApi } from './schema-to-openapi.js';
import { refinementsWithoutCel } from './refinements-without-cel.js';
import { structuralProblems } from './structural-problems.js';

/** A Battery CRD as synthesized: apiextensions.k8s.io/v1 with keys sorted. */
export interface BatteryCrdManifest {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    scope: 'Cluster';
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    versions: BatteryCrdVersion[];
  };
}

export interface BatteryCrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: OpenApiSchema };
  subresources: { status: Record<string, never> };
  additionalPrinterColumns: { name: string; type: string; jsonPath: string; description?: string }[];
}

/** `kubectl get batteries` lists every battery because every Battery CRD is in this category. */
export const BATTERY_CATEGORY = 'batteries';

/**
 * The CRD of one battery type, rendered by cdk8s (a raw ApiObject, so `x-kubernetes-*` keys survive).
 * Throws CrdSchemaError when the battery's schema cannot be a structural CRD schema.
 * @example batteryCrd(findBattery('redis')!).spec.names.kind // → 'RedisBattery'
 */
export function batteryCrd(battery: BatteryDefinition): BatteryCrdManifest {
  const chart = new Chart(new App(), battery.type);
  return addBatteryCrd(chart, battery).toJson() as BatteryCrdManifest;
}

/** Adds the CRD of `battery` to a chart as a raw cdk8s ApiObject with construct id = the battery type. */
export function addBatteryCrd(scope: Construct, battery: BatteryDefinition): ApiObject {
  return new ApiObject(scope, battery.type, batteryCrdProps(battery));
}

/** The CRD's content before cdk8s renders it. Throws CrdSchemaError listing every problem found. */
export function batteryCrdProps(battery: BatteryDefinition): ApiObjectProps {
  const { type } = battery;
  const kind = crdKind(type);
  assertShortName(type, battery.shortName);
  const openAPIV3Schema = rootSchema(battery, kind);
  const problems = [...structuralProblems(openAPIV3Schema), ...refinementsWithoutCel(battery.schema)];
  if (problems.length > 0) throw new CrdSchemaError(type, problems);

  const version: BatteryCrdVersion = {
    name: API_VERSION,
    served: true,
    storage: true,
    schema: { openAPIV3Schema },
    subresources: { status: {} },
    additionalPrinterColumns: [
      {
        name: 'Ready',
        type: 'string',
        jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        description: 'Whether everything the battery generated is applied and ready.',
      },
      {
        name: 'Resources',
        type: 'integer',
        jsonPath: '.status.resources.applied',
        description: 'Objects applied and up to date in the cluster.',
      },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    // Deliberately not the managed-by label: the operator prunes what it manages, and deleting a CRD
    // deletes every object of its kind.
    metadata: { name: crdName(type), labels: { 'app.kubernetes.io/part-of': 'batteries-included' } },
    spec: {
      group: API_GROUP,
      scope: 'Cluster',
      names: {
        kind,
        listKind: `${kind}List`,
        plural: crdPlural(type),
        singular: crdSingular(type),
        shortNames: [battery.shortName],
        categories: [BATTERY_CATEGORY],
      },
      versions: [version],
    },
  };
}

/** The message the API server returns for an object whose name is not its battery type. */
export function nameRuleMessage(type: string): string {
  return `metadata.name must be "${type}": there is exactly one ${crdKind(type)} per cluster and its name is its type`;
}

function rootSchema(battery: BatteryDefinition, kind: string): OpenApiSchema {
  const spec = specSchema(battery);
  const isEmptySpecValid = battery.schema.safeParse({}).success;
  const nameRule: ValidationRule = {
    rule: `self.metadata.name == '${battery.type}'`,
    message: nameRuleMessage(battery.type),
    fieldPath: '.metadata.name',
  };
  return {
    type: 'object',
    description:
      `${kind} installs and configures ${battery.name}: ${battery.description} ` +
      `There is exactly one per cluster, named "${battery.type}".`,
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'Versioned schema of this representation of an object; the server converts to the latest.',
      },
      kind: { type: 'string', description: 'REST resource this object represents, in CamelCase.' },
      // The API server owns ObjectMeta's schema and rejects anything here beyond name and generateName, even
      // a description. `name` is declared only so the name rule's fieldPath can point at it.
      metadata: { type: 'object', properties: { name: { type: 'string' } } },
      // An absent spec means "all defaults", so `kubectl apply` of just apiVersion, kind and name works.
      spec: completeDefaults(isEmptySpecValid ? { ...spec, default: {} } : spec),
      status: { ...schemaToOpenApi(batteryStatusSchema) },
    },
    ...(isEmptySpecValid ? {} : { required: ['spec'] }),
    'x-kubernetes-validations': [nameRule],
  };
}

function specSchema(battery: BatteryDefinition): OpenApiSchema {
  const converted = schemaToOpenApi(battery.schema);
  const described: OpenApiSchema = {
    ...converted,
    description: converted.description ?? `Configuration of ${battery.name}.`,
  };
  try {
    return immutableFieldRules(described, battery.immutableFields ?? []);
  } catch (error) {
    if (error instanceof RangeError)
      throw new CrdSchemaError(battery.type, [error.message], { cause: error });
    throw error;
  }
}
