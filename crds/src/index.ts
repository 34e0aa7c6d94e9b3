import { CATALOG, INSTANCE_KINDS } from '@batteries-included/batteries';
import { batteryCrd, type BatteryCrdManifest } from './battery-crd.js';
import { instanceCrd, type InstanceCrdManifest } from './instance-crd.js';

export {
  batteryCrd,
  addBatteryCrd,
  batteryCrdProps,
  nameRuleMessage,
  BATTERY_CATEGORY,
  type BatteryCrdManifest,
  type BatteryCrdVersion,
} from './battery-crd.js';
export { batteryManifestSchema } from './battery-manifest.js';
export { crdKind, crdPlural, crdSingular, crdName } from './crd-names.js';
export { CrdSchemaError } from './crd-schema-error.js';
export { immutableFieldMessage } from './immutable-field-rules.js';
export { schemaToOpenApi } from './schema-to-openapi.js';
export { structuralProblems } from './structural-problems.js';
export type { OpenApiSchema, ValidationRule } from './openapi-schema.js';
export {
  batteryStatusSchema,
  batteryConditionSchema,
  BATTERY_CONDITION_TYPES,
  type BatteryStatus,
  type BatteryCondition,
  type BatteryConditionType,
} from './battery-status.js';

export {
  instanceCrd,
  addInstanceCrd,
  instanceCrdProps,
  instanceNameMessage,
  INSTANCE_CATEGORY,
  type InstanceCrdManifest,
} from './instance-crd.js';
export { instanceStatusSchema, type InstanceStatus } from './instance-status.js';

let cachedInstances: readonly InstanceCrdManifest[] | undefined;

/** The CRD of every instance kind in the catalog, sorted by kind (built once, on first call). */
export function allInstanceCrds(): readonly InstanceCrdManifest[] {
  cachedInstances ??= INSTANCE_KINDS.map(instanceCrd);
  return cachedInstances;
}

let cached: readonly BatteryCrdManifest[] | undefined;

/** The CRD of every battery in the catalog, sorted by type (built once, on first call). */
export function allBatteryCrds(): readonly BatteryCrdManifest[] {
  cached ??= [...CATALOG].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)).map(batteryCrd);
  return cached;
}
