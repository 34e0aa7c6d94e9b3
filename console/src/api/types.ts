// The operator API's response shapes, as documented in docs/api.md. Parsing is trusted: the operator is
// the only server and its bodies come from zod schemas.
import type { PassCounts, PassStatus, ResultAction } from '@batteries-included/operator/vocabulary';
import type { JsonSchema } from '../schema/json-schema.js';

// The outcome vocabulary is the operator's own (ADR 7), imported as types only.
export type { PassCounts, PassStatus };

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface BatteryStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  lastSnapshot?: string;
  resources?: { desired: number; applied: number; failed: number };
  message?: string;
}

export interface CatalogBattery {
  type: string;
  name: string;
  group: string;
  description: string;
  kind: string;
  dependencies: string[];
  installOrder: string[];
  integrations: string[];
  uninstallable: boolean;
  immutableFields?: string[];
  schema: JsonSchema;
  defaults: Record<string, unknown> | null;
  installed: boolean;
}

export interface Catalog {
  groups: Array<{ id: string; batteries: string[] }>;
  batteries: CatalogBattery[];
}

export interface Battery {
  type: string;
  name: string;
  group: string;
  kind: string;
  spec: Record<string, unknown>;
  status: BatteryStatus | null;
  ready: ConditionStatus;
  resourceVersion: string;
  generation: number;
  createdAt: string;
  isDeleting: boolean;
}

export interface BatteryDetail extends Battery {
  dependents: string[];
  missingDependencies: string[];
  history: Array<{
    id: number;
    generation: number;
    specHash: string;
    fieldManager?: string;
    changedAt: string;
    passId?: number;
  }>;
}

export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** A planned action, or `failed` on a recorded pass's object. */
export type PlanAction = ResultAction;

export interface PlannedChange {
  ref: string;
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  battery?: string;
  action: PlanAction;
  note?: string;
}

export interface Preview {
  batteries: Array<{
    type: string;
    action: 'install' | 'update' | 'uninstall' | 'unchanged';
    fields?: FieldChange[];
  }>;
  problems: Array<{ type: string; status: string; message: string }>;
  plan: { counts: Partial<Record<PlanAction, number>>; changes: PlannedChange[] };
  text: string;
}

export type PreviewRequest = { type: string; spec: Record<string, unknown> } | { type: string; delete: true };

export interface PassSummary {
  id: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  trigger: string;
  /** `trigger` shortened for a table cell (`7 deleted objects`). */
  triggerSummary: string;
  status: PassStatus;
  inputsHash: string;
  manifestHash: string;
  snapshotHash: string;
  counts: PassCounts;
  error?: string;
}

export interface PassObject {
  ref: string;
  battery?: string;
  action: PlanAction;
  hash?: string;
  documentHash?: string;
  previousDocumentHash?: string;
  durationMs?: number;
  message?: string;
}

export interface PassDetail extends PassSummary {
  objects: PassObject[];
}

export interface ManagedObject {
  ref: string;
  battery: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  hash: string;
  documentHash: string;
  passId: number;
  isLive: boolean;
  isReady: boolean;
  reason?: string;
}

export interface ObjectList {
  objects: ManagedObject[];
  counts: { total: number; ready: number; notReady: number; missing: number };
}

export interface ObjectHistory {
  ref: string;
  versions: Array<{
    passId: number;
    startedAt: string;
    action: PlanAction;
    hash: string;
    documentHash: string;
  }>;
}

export interface StoredDocument {
  hash: string;
  kind: 'object' | 'manifest' | 'snapshot' | 'spec';
  body: unknown;
}

export interface DocumentDiff {
  from: StoredDocument;
  to: StoredDocument;
  changes: FieldChange[];
}

export interface RollbackPreview {
  pass: { id: number; startedAt: string; status: PassStatus; trigger: string };
  batteries: Array<{
    type: string;
    action: 'restore-spec' | 'install' | 'uninstall' | 'unchanged';
    fields?: FieldChange[];
    notes?: string[];
  }>;
  problems: Array<{ battery: string; kind: string; message: string }>;
  objects: {
    basis: string;
    counts: Partial<Record<string, number>>;
    changes: Array<{ ref: string; action: string; battery?: string }>;
    warnings?: string[];
  };
  text: string;
}

export interface RollbackResult {
  passId: number;
  isDryRun: boolean;
  batteries: Array<{ type: string; action: string; isWritten: boolean }>;
}

/** The event stream's messages. */
export type OperatorEvent =
  | { type: 'pass-started'; triggers: string[]; at: string }
  | {
      type: 'pass-finished';
      passId?: number;
      status: PassStatus;
      counts?: PassCounts;
      durationMs: number;
      at: string;
    }
  | { type: 'battery-status'; battery: string; status: BatteryStatus; at: string };
