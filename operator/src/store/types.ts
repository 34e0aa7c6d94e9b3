import type { Snapshot } from '@batteries-included/batteries';
import type { ObjectResult } from '../engine/decide/summarize-pass.js';
import type { PassCounts, PassStatus, RecordedAction } from '../engine/vocabulary.js';

export {
  PASS_STATUSES,
  RECORDED_ACTIONS,
  type PassCounts,
  type PassStatus,
  type RecordedAction,
  type ResultAction,
} from '../engine/vocabulary.js';
export type { ObjectResult } from '../engine/decide/summarize-pass.js';
export type { InventoryEntry } from '../engine/plan/inventory.js';

/** Who last changed a Battery object, from its metadata; recorded when its spec changes. */
export interface BatteryObjectInfo {
  /** `metadata.generation`. */
  generation?: number;
  /** The field manager (user or tool) of the newest spec change, from `managedFields`. */
  fieldManager?: string;
  /** When the spec changed, from `managedFields[].time`. Default: the pass's `startedAt`. */
  changedAt?: Date;
}

/** Everything `recordPass` writes, in one value. */
export interface PassRecord {
  startedAt: Date;
  finishedAt: Date;
  /** Why the pass ran, e.g. `battery:redis`, `resync`, `manual`, `retry`. */
  trigger: string;
  status: PassStatus;
  /** The engine's hash over the pass's inputs; equal inputs mean a pass may be skipped. */
  inputsHash: string;
  /** What Prepare saw. Its battery specs and live object refs are kept; `secretMaterial` never is. */
  snapshot: Snapshot;
  /**
   * Every object the pass considered, `unchanged` ones included (they count, and fill the manifest).
   * Objects a pass did not get to (superseded) are left out: their inventory entries stay as they are.
   */
  objects: readonly ObjectResult[];
  /**
   * `[ref, hash]` of objects kept untouched because their battery generated nothing this pass: they stay in the
   * manifest (the platform still manages them) but get no row, no count and no inventory change.
   */
  kept?: readonly ManifestEntry[];
  /** Metadata of the Battery objects by type, for `battery_history`. */
  batteries?: Readonly<Record<string, BatteryObjectInfo>>;
  /** Why the pass failed as a whole; scrubbed of known secret values. */
  error?: string;
}

/** What `recordPass` resolves with. */
export interface RecordedPass {
  id: number;
  manifestHash: string;
  snapshotHash: string;
  counts: PassCounts;
}

/** One pass as listed. */
export interface PassSummary {
  id: number;
  startedAt: Date;
  finishedAt: Date;
  trigger: string;
  status: PassStatus;
  inputsHash: string;
  manifestHash: string;
  snapshotHash: string;
  counts: PassCounts;
  error?: string;
}

/** A `pass_objects` row: an object that changed or failed in a pass. */
export interface PassObject {
  ref: string;
  action: RecordedAction;
  hash?: string;
  /** The stored (redacted) object; absent for objects no longer desired. */
  documentHash?: string;
  durationMs?: number;
  message?: string;
}

/** A pass with its changed and failed objects, sorted by ref. */
export interface PassDetail extends PassSummary {
  objects: PassObject[];
}

/** What a document holds: an applied object, a manifest, a snapshot or a battery spec. */
export type DocumentKind = 'object' | 'manifest' | 'snapshot' | 'spec';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['object', 'manifest', 'snapshot', 'spec'];

export interface StoredDocument {
  hash: string;
  kind: DocumentKind;
  body: unknown;
}

/** A manifest entry: `[ref, hash]`. A manifest document is these, sorted by ref. */
export type ManifestEntry = readonly [ref: string, hash: string];

/** The body of a snapshot document. */
export interface SnapshotDocument {
  batteries: Record<string, unknown>;
  /** Refs of the live objects Prepare read, sorted (their bodies are not kept). */
  live: string[];
}

/** One change of a Battery's spec; `specHash` is absent when the Battery was deleted. */
export interface BatteryHistoryEntry {
  id: number;
  battery: string;
  generation?: number;
  specHash?: string;
  fieldManager?: string;
  changedAt: Date;
  passId?: number;
}

/** One recorded version of an object: a pass that created, updated, re-applied, pruned or failed it. */
export interface DocumentVersion {
  passId: number;
  startedAt: Date;
  action: RecordedAction;
  hash?: string;
  documentHash?: string;
}

export interface ListPassesOptions {
  /** Page size. Default 50, at most 500. */
  limit?: number;
  /** Only passes with a smaller id (the previous page's `nextBefore`). Default: from the newest. */
  before?: number;
  /** Only passes that ended this way. */
  status?: PassStatus;
}

/** A page of passes, newest first; `nextBefore` is set when older passes remain. */
export interface PassPage {
  passes: PassSummary[];
  nextBefore?: number;
}

export interface ReapOptions {
  /** The newest passes never reaped, whatever their age. Default 1000. */
  keepPasses?: number;
  /** Only passes that started before this are reaped. Default: any age. */
  olderThan?: Date;
}

export interface ReapResult {
  passes: number;
  documents: number;
}
