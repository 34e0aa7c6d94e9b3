// The operator's public face: what the CLI, the API and tests may use.
export * from './kube/index.js';
export * from './store/index.js';
export * from './engine/vocabulary.js';
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
  refOfEntry,
  type Change,
  type ChangeSet,
  type PlanOptions,
  type InventoryRef,
  type PlanInventory,
} from './engine/plan/index.js';
export { applyChangeSet, type ApplyChangeSetOptions, type ApplyPort } from './engine/apply/index.js';
export { runPass } from './engine/pass.js';
export { broadcastStatuses } from './engine/broadcast.js';
export { readInventory } from './engine/inventory.js';
export { mintRandom } from './engine/mint-secret.js';
export type { CacheView, ClusterPort, PassDependencies, PassReport } from './engine/pass-dependencies.js';
export { createPassLoop, type PassLoop, type PassLoopOptions } from './engine/pass-loop.js';
export { PassRunner, type PassRunnerOptions, type RunnerLogger } from './engine/runner.js';
export { EventBus, type OperatorEvent } from './engine/event-bus.js';
export { planPass, type PlanInput, type PlannedPass } from './engine/decide/plan-pass.js';
export { prepareSnapshot, PLACEHOLDER_MINT, SNAPSHOT_LIVE_KINDS } from './engine/decide/prepare-snapshot.js';
export { readinessOf, type Readiness } from './engine/decide/readiness.js';
export { batteryStatus, type BatteryStatusInput } from './engine/decide/battery-status.js';
export { reactToChange, type Reaction } from './engine/decide/react-to-change.js';
export { DEPENDENTS_FINALIZER, planDeletions } from './engine/decide/deletion-hold.js';
export {
  summarizePass,
  recordedOutcome,
  batteryPassResult,
  UNRECORDED_CREATE,
  type BatteryPassResult,
  type PassFacts,
  type PassResult,
} from './engine/decide/summarize-pass.js';
export {
  failDuplicates,
  TRANSIENT_GENERATION_FAILURES,
  type Generation,
  type GenerationFailureReason,
  type GenerationResult,
} from './engine/decide/generation-failures.js';
export { keepWithheld, withheldBatteries, OWNER_LABELS, type KeptPlan } from './engine/decide/keep-failed.js';
export { createClusterPort } from './kube/cluster-port.js';
export { LABEL_MANAGER } from './kube/field-manager.js';
export { createLeadership, type Leadership, type LeadershipOptions } from './kube/leadership.js';
export { startOperator, type OperatorOptions, type RunningOperator } from './operator.js';
export { createHealthApp } from './api/health-app.js';
export * from './api/index.js';
export { Metrics } from './observe/metrics.js';
export * from './rollback/index.js';
export * from './bundles/index.js';
export type { BundleStore, BundlePin } from './store/bundle-store.js';
export * from './usage-reporting/index.js';
