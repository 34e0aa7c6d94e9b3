import { API_GROUP, API_VERSION, type InstanceDefinition } from '@batteries-included/batteries';
import { ApiObject, App, Chart, type ApiObjectProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { BatteryCrdVersion } from './battery-crd.js';
import { completeDefaults } from './complete-defaults.js';
import { CrdSchemaError } from './crd-schema-error.js';
import { assertShortName } from './crd-names.js';
import { immutableFieldRules } from './immutable-field-rules.js';
import { instanceStatusSchema } from './instance-status.js';
import type { OpenApiSchema, ValidationRule } from './openapi-schema.js';
import { schemaToOpenApi } from './schema-to-openapi.js';
import { refinementsWithoutCel } from './refinements-without-cel.js';
import { structuralProblems } from './structural-problems.js';

/** `kubectl get bi-instances` lists every instance because every instance CRD is in this category. */
export const INSTANCE_CATEGORY = 'bi-instances';

/** An instance CRD as synthesized: namespaced, in the `bi-instances` category. */
export interface InstanceCrdManifest {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    scope: 'Namespaced';
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

/**
 * The CRD of one instance kind, rendered by cdk8s like the Battery CRDs: the kind's zod schema as the spec,
 * its CEL rules (name length, the schema's admission rules, immutable fields), the status subresource and printer columns.
 * @example instanceCrd(findInstanceKind('PostgresCluster')!).spec.names.shortNames // ['pg']
 */
export function instanceCrd(definition: InstanceDefinition): InstanceCrdManifest {
  const chart = new Chart(new App(), definition.kind.toLowerCase());
  return addInstanceCrd(chart, definition).toJson() as InstanceCrdManifest;
}

/** Adds the CRD of an instance kind to a chart, construct id = the lower-case kind. */
export function addInstanceCrd(scope: Construct, definition: InstanceDefinition): ApiObject {
  return new ApiObject(scope, definition.kind.toLowerCase(), instanceCrdProps(definition));
}

/** The message the API server returns for an instance name that is not a short DNS label. */
export function instanceNameMessage(definition: InstanceDefinition): string {
  const max = definition.maxNameLength ?? 63;
  return `metadata.name must be a DNS label of at most ${max} characters (lower-case letters, digits and -, starting with a letter): names of derived objects and hosts are built from it`;
}

/** The CRD's content before cdk8s renders it. Throws CrdSchemaError listing every problem found. */
export function instanceCrdProps(definition: InstanceDefinition): ApiObjectProps {
  const { kind, plural } = definition;
  for (const shortName of definition.shortNames) assertShortName(kind, shortName);
  const openAPIV3Schema = rootSchema(definition);
  const problems = [...structuralProblems(openAPIV3Schema), ...refinementsWithoutCel(definition.schema)];
  if (problems.length > 0) throw new CrdSchemaError(kind, problems);
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
        description: 'Whether everything the instance renders is applied and ready.',
      },
      ...(definition.printerColumns ?? []).map((column) => ({ ...column })),
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    // Not the managed-by label, as for Battery CRDs: deleting a CRD deletes every object of its kind.
    metadata: {
      name: `${plural}.${API_GROUP}`,
      labels: { 'app.kubernetes.io/part-of': 'batteries-included' },
    },
    spec: {
      group: API_GROUP,
      scope: 'Namespaced',
      names: {
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        shortNames: [...definition.shortNames],
        categories: [INSTANCE_CATEGORY],
      },
      versions: [version],
    },
  };
}

function rootSchema(definition: InstanceDefinition): OpenApiSchema {
  const max = definition.maxNameLength ?? 63;
  const isEmptySpecValid = definition.schema.safeParse({}).success;
  const spec = specSchema(definition);
  const nameRule: ValidationRule = {
    rule: `self.metadata.name.size() <= ${max} && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')`,
    message: instanceNameMessage(definition),
    fieldPath: '.metadata.name',
  };
  return {
    type: 'object',
    description: `${definition.kind}: ${definition.description} Rendered by the ${definition.battery} battery.`,
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'Versioned schema of this representation of an object; the server converts to the latest.',
      },
      kind: { type: 'string', description: 'REST resource this object represents, in CamelCase.' },
      metadata: { type: 'object', properties: { name: { type: 'string' } } },
      spec: completeDefaults(isEmptySpecValid ? { ...spec, default: {} } : spec),
      status: { ...schemaToOpenApi(instanceStatusSchema) },
    },
    ...(isEmptySpecValid ? {} : { required: ['spec'] }),
    'x-kubernetes-validations': [nameRule],
  };
}

function specSchema(definition: InstanceDefinition): OpenApiSchema {
  const converted = schemaToOpenApi(definition.schema);
  const described: OpenApiSchema = {
    ...converted,
    description: converted.description ?? `The desired ${definition.kind}.`,
  };
  try {
    return immutableFieldRules(described, definition.immutableFields ?? []);
  } catch (error) {
    if (error instanceof RangeError)
      throw new CrdSchemaError(definition.kind, [error.message], { cause: error });
    throw error;
  }
}
