import type { ChangeAction } from '../plan/change-set.js';

/** What happened to one object in a pass. */
export type ApplyOutcome =
  /** Written (create, update, or a confirmed drift reverted). */
  | 'applied'
  /** Nothing to do (unchanged, or suspected drift that a dry-run showed to be server defaults). */
  | 'unchanged'
  | 'pruned'
  | 'orphaned'
  | 'failed'
  /** Not attempted: the pass was superseded, or prunes were held back because applies failed. */
  | 'skipped';

export interface ApplyResult {
  key: string;
  action: ChangeAction;
  outcome: ApplyOutcome;
  battery?: string;
  /** Wall time spent on this object, including retries. */
  durationMs: number;
  /** The API's message for failures; why for skips and false drift. Never contains field values. */
  message?: string;
}
