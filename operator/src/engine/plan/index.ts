export { countChanges, type Change, type ChangeSet } from './change-set.js';
export {
  batteryOfEntry,
  refOfEntry,
  type InventoryEntry,
  type InventoryRef,
  type PlanInventory,
} from './inventory.js';
export {
  APPLY_STAGES,
  compareForApply,
  compareForPrune,
  groupKind,
  stageIndexOf,
  stageOf,
  type ApplyStage,
} from './kind-order.js';
export { asStored, findDrift } from './drift.js';
export { createDriftMemo, type DriftMemo } from './drift-memo.js';
export * from './drift-rules.js';
export { DATA_OBJECT_KINDS, isDataObject, isOrphaned, isPlatformManaged } from './data-safety.js';
export { planChanges, type PlanOptions } from './plan-changes.js';
export { formatPlan, formatSummary, type FormatPlanOptions } from './format-plan.js';
export { DuplicateObjectError } from './errors.js';
export { base64Utf8, utf8OfBase64 } from './base64.js';
