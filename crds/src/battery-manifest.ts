import { API_GROUP, API_VERSION, type BatteryDefinition } from '@batteries-included/batteries';
import { z } from 'zod';
import { nameRuleMessage } from './battery-crd.js';
import { crdKind } from './crd-names.js';

/**
 * A zod schema for a whole Battery object of one type (apiVersion, kind, metadata.name and the spec),
 * applying the same rules as the CRD minus transition rules, which need the old object. For callers that
 * check a file before it reaches the API server (the CLI, the examples' tests). Unknown metadata and
 * status pass through; an absent spec parses as `{}` (all defaults), as the API server defaults it.
 * @example batteryManifestSchema(findBattery('redis')!).parse(YAML.parse(text))
 */
export function batteryManifestSchema(battery: BatteryDefinition) {
  const kind = crdKind(battery.type);
  return z.looseObject({
    apiVersion: z.literal(`${API_GROUP}/${API_VERSION}`),
    kind: z.literal(kind, { error: `kind must be ${kind}` }),
    metadata: z.looseObject({
      name: z.string().refine((name) => name === battery.type, { error: nameRuleMessage(battery.type) }),
    }),
    spec: z.preprocess((spec) => spec ?? {}, battery.schema),
  });
}
