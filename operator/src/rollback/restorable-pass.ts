import type { Store } from '../store/store.js';
import type { ManifestEntry, PassSummary, SnapshotDocument } from '../store/types.js';
import { RollbackPassNotFoundError } from './errors.js';

/** The default of the operator's retention (`BI_KEEP_PASSES`), named in "reaped" errors. */
export const DEFAULT_KEEP_PASSES = 1000;

/** What a rollback reads of one recorded pass. */
export interface RestorablePass {
  pass: PassSummary;
  /** The Battery specs Prepare saw, by type. */
  specs: Readonly<Record<string, unknown>>;
  /** The desired objects of the pass as `[ref, hash]`, sorted by ref (partial when the pass was superseded). */
  manifest: readonly ManifestEntry[];
}

export interface LoadRestorablePassOptions {
  /** The retention the operator runs with, for the error message when the pass was reaped. @default 1000 */
  keepPasses?: number;
}

/**
 * A recorded pass with its snapshot's Battery specs and its manifest.
 * @throws RangeError when `passId` is not a positive whole number
 * @throws RollbackPassNotFoundError naming the id, and for a reaped pass the retention and the oldest pass kept
 */
export async function loadRestorablePass(
  store: Store,
  passId: number,
  { keepPasses = DEFAULT_KEEP_PASSES }: LoadRestorablePassOptions = {},
): Promise<RestorablePass> {
  if (!Number.isSafeInteger(passId) || passId < 1) {
    throw new RangeError(`pass id: expected a positive whole number, got ${passId}`);
  }
  const pass = await store.getPass(passId);
  if (!pass) throw await notFound(store, passId, keepPasses);
  const snapshot = await store.getDocument(pass.snapshotHash);
  const manifest = await store.getDocument(pass.manifestHash);
  // Reaping deletes a pass and its documents in one transaction; a missing document means a damaged store.
  if (!snapshot || !manifest) {
    throw new Error(
      `pass ${passId}: its ${snapshot ? 'manifest' : 'snapshot'} document is missing from the store`,
    );
  }
  const { batteries } = snapshot.body as SnapshotDocument;
  return { pass, specs: batteries, manifest: manifest.body as ManifestEntry[] };
}

/**
 * Passes are reaped oldest first, so an id below the oldest pass kept was reaped; any other missing id was never
 * recorded (ids are not contiguous: a failed transaction uses one up).
 */
async function notFound(
  store: Store,
  passId: number,
  keepPasses: number,
): Promise<RollbackPassNotFoundError> {
  const newest = (await store.listPasses({ limit: 1 })).passes[0];
  const oldest = await oldestPass(store);
  if (newest && oldest && passId < oldest.id) {
    return new RollbackPassNotFoundError(
      passId,
      'reaped',
      `pass ${passId} was reaped: retention keeps the newest ${keepPasses} passes (BI_KEEP_PASSES); ` +
        `the passes kept are ${oldest.id} to ${newest.id}`,
    );
  }
  const range =
    newest && oldest ? `the passes kept are ${oldest.id} to ${newest.id}` : 'no pass is recorded yet';
  return new RollbackPassNotFoundError(
    passId,
    'never-recorded',
    `pass ${passId} was never recorded: ${range}`,
  );
}

/** Pages from the newest down (keyset paging, 500 a page): a handful of queries under the default retention. */
async function oldestPass(store: Store): Promise<PassSummary | undefined> {
  let page = await store.listPasses({ limit: 500 });
  while (page.nextBefore !== undefined)
    page = await store.listPasses({ limit: 500, before: page.nextBefore });
  return page.passes[page.passes.length - 1];
}
