// Rollback: preview and restore the Battery specs of a recorded pass (DESIGN §5 "Rollback").
export {
  previewRollback,
  type CurrentState,
  type RollbackOptions,
  type RollbackPreview,
} from './preview-rollback.js';
export {
  formatRollbackPreview,
  formatRollbackSummary,
  type FormatRollbackPreviewOptions,
} from './format-rollback-preview.js';
export {
  restoreRollback,
  type BatteryWriteMethod,
  type RestoreRollbackOptions,
  type RestoreRollbackResult,
  type RestoredBattery,
} from './restore-rollback.js';
export {
  createRollbackClient,
  batteryObject,
  ROLLBACK_FIELD_MANAGER,
  type BatteryWriteOptions,
  type RollbackClient,
} from './rollback-client.js';
export {
  planRollback,
  isBatteryObject,
  type BatteryRollback,
  type BatteryRollbackAction,
  type PlanRollbackInput,
  type RollbackPlan,
} from './plan-rollback.js';
export { diffSpecs, type SpecFieldChange } from './spec-diff.js';
export {
  regeneratedObjects,
  recordedObjects,
  type GenerationProblem,
  type RegeneratedObjectsInput,
  type RollbackObjects,
} from './object-effect.js';
export {
  loadRestorablePass,
  DEFAULT_KEEP_PASSES,
  type LoadRestorablePassOptions,
  type RestorablePass,
} from './restorable-pass.js';
export { specChangeInfo } from '../engine/spec-change-info.js';
export {
  BatteryWriteError,
  RollbackIncompleteError,
  RollbackPassNotFoundError,
  RollbackRefusedError,
  RollbackRejectedError,
  type RollbackProblem,
} from './errors.js';
