import { canonicalJson, type Snapshot } from '@batteries-included/batteries';
import { optionalInteger, type Sql } from '@batteries-included/sql';
import { makeDocument, type NewDocument } from './documents.js';
import { snapshotDocumentOf } from './record-diff.js';
import type { InventoryEntry, ManifestEntry } from './types.js';

/**
 * What one store instance remembers of the newest pass in the database, so that a pass over an unchanged platform
 * neither re-reads the inventory (thousands of rows) nor re-hashes and re-sends a manifest and snapshot it already
 * stored. The database stays the durable copy: the memory is used only while the history is where it was taken
 * (`historyMark`: the oldest and newest pass id, from the primary key's index; inside `recordPass` under the write
 * lock), so a pass another process recorded, or a reap that cleared entries' pass ids, is read, never missed.
 */
export interface PassMemory {
  /** The `historyMark` the memory reflects; undefined: nothing known. */
  mark?: string;
  /** The newest pass id at `mark` (null: no pass recorded). */
  passId?: number | null;
  /** The inventory as of `passId`, by ref. */
  inventory?: Map<string, InventoryEntry>;
  /** The newest recorded spec hash of each Battery type as of `mark` (undefined: deleted), from battery_history. */
  specs?: Map<string, string | undefined>;
  /** `inventory` sorted by ref, as `getInventory` returns it; rebuilt after a pass changes the inventory. */
  sorted?: readonly InventoryEntry[];
  /** The last manifest built, and its document: equal entries reuse the hash. */
  manifest?: { entries: readonly ManifestEntry[]; document: NewDocument };
  /** The last snapshot document built, by the batteries' canonical JSON and the live refs in snapshot order. */
  snapshot?: { batteries: string; live: readonly string[]; document: NewDocument };
}

/** An empty memory for a newly opened store. */
export function createPassMemory(): PassMemory {
  return {};
}

/** Where the pass history stands: its oldest and newest pass id. Recording a pass or reaping changes it. */
export interface HistoryMark {
  readonly oldest: number | null;
  readonly newest: number | null;
  readonly text: string;
}

export async function historyMark(sql: Sql): Promise<HistoryMark> {
  const [row] = await sql.query('SELECT min(id) AS oldest, max(id) AS newest FROM passes');
  return markOf(optionalInteger(row ?? {}, 'oldest') ?? null, optionalInteger(row ?? {}, 'newest') ?? null);
}

function markOf(oldest: number | null, newest: number | null): HistoryMark {
  return { oldest, newest, text: `${oldest ?? ''}:${newest ?? ''}` };
}

/** Whether the memory holds the inventory as of `mark`. */
export function remembersInventory(memory: PassMemory, mark: HistoryMark): boolean {
  return memory.inventory !== undefined && memory.mark === mark.text;
}

/** Replaces the memory's inventory with `entries` (read from the database at `mark`). */
export function rememberInventory(
  memory: PassMemory,
  mark: HistoryMark,
  entries: readonly InventoryEntry[],
): void {
  // The remembered documents belong to the pass this store last recorded, which may no longer be the newest.
  if (memory.passId !== mark.newest) {
    delete memory.manifest;
    delete memory.snapshot;
  }
  memory.mark = mark.text;
  memory.passId = mark.newest;
  delete memory.specs;
  memory.inventory = new Map(entries.map((entry) => [entry.ref, entry]));
  memory.sorted = Object.freeze(entries.map((entry) => Object.freeze(entry)));
}

/** The remembered inventory sorted by ref (frozen: every caller shares it). */
export function sortedInventory(memory: PassMemory): readonly InventoryEntry[] {
  memory.sorted ??= Object.freeze(
    [...memory.inventory!.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
  );
  return memory.sorted;
}

/**
 * After pass `passId` committed on top of history `before`: its inventory writes and deletes applied to the
 * remembered inventory (the state the pass started from; applying them again is harmless).
 */
export function rememberPass(
  memory: PassMemory,
  before: HistoryMark,
  passId: number,
  change: {
    writes: readonly InventoryEntry[];
    deletes: readonly string[];
    specs: readonly { battery: string; specHash?: string }[];
  },
): void {
  if (!memory.inventory) return forget(memory);
  memory.mark = markOf(before.oldest ?? passId, passId).text;
  memory.passId = passId;
  for (const { battery, specHash } of change.specs) memory.specs?.set(battery, specHash);
  if (change.writes.length === 0 && change.deletes.length === 0) return;
  for (const ref of change.deletes) memory.inventory!.delete(ref);
  for (const entry of change.writes) memory.inventory!.set(entry.ref, Object.freeze(entry));
  memory.sorted = undefined;
}

/** Forgets everything: a transaction that used the memory failed, so what it assumed may be stale. */
export function forget(memory: PassMemory): void {
  for (const key of Object.keys(memory) as (keyof PassMemory)[]) delete memory[key];
}

/** The manifest document, with the last one's hash when the entries are the same. Remember it once recorded. */
export function manifestDocument(memory: PassMemory, entries: readonly ManifestEntry[]): RememberedManifest {
  const last = memory.manifest;
  if (last && sameList(last.entries, entries, (a, b) => a[0] === b[0] && a[1] === b[1])) return last;
  // Pairs of strings have no keys to sort: JSON.stringify is their canonical JSON, and far faster on 10,000 of them.
  return { entries, document: makeDocument('manifest', entries, JSON.stringify(entries)) };
}

/** The snapshot document, with the last one's hash when the specs and the live refs are the same. */
export function snapshotDocument(memory: PassMemory, snapshot: Snapshot): RememberedSnapshot {
  const batteries = canonicalJson(snapshot.batteries);
  const live = Object.keys(snapshot.live);
  const last = memory.snapshot;
  if (last && last.batteries === batteries && sameList(last.live, live, (a, b) => a === b)) return last;
  return { batteries, live, document: makeDocument('snapshot', snapshotDocumentOf(snapshot)) };
}

type RememberedManifest = NonNullable<PassMemory['manifest']>;
type RememberedSnapshot = NonNullable<PassMemory['snapshot']>;

/**
 * The hashes of the manifest and snapshot of the pass the memory was taken at, with the memory's mark.
 * Take them before building a new pass's documents. While that pass is the newest, they are stored and the reaper
 * keeps them, so they need not be sent again.
 */
export function rememberedDocuments(memory: PassMemory): { mark?: string; hashes: Set<string> } {
  const hashes = new Set<string>();
  if (memory.manifest) hashes.add(memory.manifest.document.hash);
  if (memory.snapshot) hashes.add(memory.snapshot.document.hash);
  return { mark: memory.mark, hashes };
}

function sameList<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!equal(a[i]!, b[i]!)) return false;
  return true;
}
