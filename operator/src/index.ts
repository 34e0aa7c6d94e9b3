// The operator's public face: what the CLI, the API and tests may use.
export * from './kube/index.js';
export * from './store/index.js';
export {
  planChanges,
  formatPlan,
  formatSummary,
  findDrift,
  countChanges,
  APPLY_STAGES,
  stageOf,
  compareForApply,
  compareForPrune,
  DuplicateObjectError,
  type Change,
  type ChangeAction,
  type ChangeSet,
  type PlanOptions,
  type InventoryEntry as PlanInventoryEntry,
} from './engine/plan/index.js';
export {
  applyChangeSet,
  type ApplyChangeSetOptions,
  type ApplyPort,
  type ApplyResult,
  type ApplyOutcome,
} from './engine/apply/index.js';
export {
  runPass,
  broadcastStatuses,
  readInventory,
  type PassDependencies,
  type PassReport,
} from './engine/pass.js';
export { planPass, type PlanInput, type PlannedPass } from './engine/preview.js';
export type { PassOutcome } from './engine/pass-outcome.js';
export { PassRunner, type PassRunnerOptions } from './engine/runner.js';
export { EventBus, type OperatorEvent } from './engine/event-bus.js';
export { prepareSnapshot, SNAPSHOT_LIVE_KINDS } from './engine/prepare.js';
export { readinessOf, type Readiness } from './engine/readiness.js';
export { batteryStatus } from './engine/battery-status.js';
export { reactToChange, type Reaction } from './engine/react-to-change.js';
export { DEPENDENTS_FINALIZER, planDeletions } from './engine/deletion-hold.js';
export { createClusterPort, LABEL_MANAGER } from './engine/cluster-port.js';
export { startOperator, type OperatorOptions, type RunningOperator } from './operator.js';
export { createHealthApp } from './api/health-app.js';
export * from './api/index.js';
export { Metrics } from './observe/metrics.js';
export * from './rollback/index.js';
export * from './bundles/index.js';
export type { BundleStore, BundlePin } from './store/bundle-store.js';
export * from './homebase/index.js';
