import { API_GROUP, API_VERSION, type InstanceDefinition } from '@batteries-included/batteries';
import { z } from 'zod';
import { instanceNameMessage } from './instance-crd.js';

/**
 * A zod schema for a whole instance object of one kind (apiVersion, kind, metadata.name and namespace, and the
 * spec), applying the same rules as its CRD minus transition rules, which need the old object. For callers that
 * check a file before it reaches the API server (the CLI, the examples' tests).
 * @example instanceManifestSchema(findInstanceKind('PostgresCluster')!).parse(YAML.parse(text))
 */
export function instanceManifestSchema(definition: InstanceDefinition) {
  const max = definition.maxNameLength ?? 63;
  return z.looseObject({
    apiVersion: z.literal(`${API_GROUP}/${API_VERSION}`),
    kind: z.literal(definition.kind, { error: `kind must be ${definition.kind}` }),
    metadata: z.looseObject({
      name: z.string().refine((name) => name.length <= max && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name), {
        error: instanceNameMessage(definition),
      }),
      namespace: z.string().min(1).optional(),
    }),
    spec: z.preprocess((spec) => spec ?? {}, definition.schema),
  });
}
