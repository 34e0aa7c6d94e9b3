export {
  CHANGE_ACTIONS,
  countChanges,
  type Change,
  type ChangeAction,
  type ChangeSet,
} from './change-set.js';
export {
  APPLY_STAGES,
  compareForApply,
  compareForPrune,
  groupKind,
  stageIndexOf,
  stageOf,
  type ApplyStage,
} from './kind-order.js';
export { findDrift } from './drift.js';
export * from './drift-rules.js';
export { DATA_OBJECT_KINDS, isDataObject, isOrphaned, isPlatformManaged } from './data-safety.js';
export { planChanges, type InventoryEntry, type PlanOptions } from './plan-changes.js';
export { formatPlan, formatSummary, type FormatPlanOptions } from './format-plan.js';
export { DuplicateObjectError } from './errors.js';
export { base64Utf8 } from './base64.js';
