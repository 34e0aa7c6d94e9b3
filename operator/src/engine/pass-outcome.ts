/**
 * How a pass ended, interpreted in one place (the runner): `done` — nothing more to do until something
 * changes (with `skipped`, no pass ran and none is owed: this replica is not the leader); `retry` — some objects
 * failed transiently, run again after a backoff; `failed` — the pass could not run (e.g. the cache has not
 * synced); also retried, with the reason surfaced in status and logs.
 */
export type PassOutcome =
  | { kind: 'done'; passId?: number; skipped?: string }
  | { kind: 'retry'; reason: string; passId?: number }
  | { kind: 'failed'; reason: string };
