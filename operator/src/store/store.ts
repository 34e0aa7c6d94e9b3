import { migrate, text, type Sql } from '@batteries-included/sql';
import { createBundleStore, type BundleStore } from './bundle-store.js';
import { MIGRATIONS } from './migrations/index.js';
import {
  createPassMemory,
  historyMark,
  rememberInventory,
  remembersInventory,
  sortedInventory,
} from './pass-memory.js';
import {
  batteryHistory,
  documentHistory,
  getDocument,
  getInventory,
  getPass,
  listPasses,
} from './queries.js';
import { reap } from './reap.js';
import { recordPass } from './record-pass.js';
import { createRedactor, generateRedactionKey, type Redactor } from './redact.js';
import type {
  BatteryHistoryEntry,
  DocumentVersion,
  InventoryEntry,
  ListPassesOptions,
  PassDetail,
  PassPage,
  PassRecord,
  ReapOptions,
  ReapResult,
  RecordedPass,
  StoredDocument,
} from './types.js';

/** The operator's record of every pass (DESIGN §5 "Record", §6), and the upstream bundle cache. */
export interface Store extends BundleStore {
  /** Writes one pass in one transaction; see `recordPass`. */
  recordPass(record: PassRecord): Promise<RecordedPass>;
  /** Passes newest first, paged by `nextBefore`. */
  listPasses(options?: ListPassesOptions): Promise<PassPage>;
  /** One pass with the objects it changed or failed on, or undefined. */
  getPass(id: number): Promise<PassDetail | undefined>;
  /** A stored document by hash (objects are stored redacted), or undefined. */
  getDocument(hash: string): Promise<StoredDocument | undefined>;
  /**
   * The managed objects as of the latest recorded pass, sorted by ref (shared and frozen: do not change it). Kept
   * in memory between passes; read again when another process recorded or reaped since.
   */
  getInventory(): Promise<readonly InventoryEntry[]>;
  /** Spec changes of one Battery type, newest first. */
  batteryHistory(type: string): Promise<BatteryHistoryEntry[]>;
  /** Recorded versions of one object by its canonical ref, newest first. */
  documentHistory(ref: string): Promise<DocumentVersion[]>;
  /** Deletes old passes, then documents nothing references. */
  reap(options?: ReapOptions): Promise<ReapResult>;
  /** Redacts Secret values under this store's key: the API and logs use it so digests match the store's. */
  readonly redactor: Redactor;
  close(): Promise<void>;
}

const REDACTION_KEY_SETTING = 'redaction-key';

/**
 * A Store over `sql`: runs pending migrations, then loads the redaction key (creating it on the very
 * first start). The store owns `sql` from then on: `close()` closes it.
 * @example const store = await createStore(await createPgliteSql())
 */
export async function createStore(sql: Sql): Promise<Store> {
  await migrate(sql, MIGRATIONS);
  const redactor = createRedactor(await loadRedactionKey(sql));
  // The inventory and the last manifest, between passes; the database is the durable copy (see PassMemory).
  const memory = createPassMemory();
  return {
    ...createBundleStore(sql),
    recordPass: (record) => recordPass(sql, redactor, record, memory),
    listPasses: (options) => listPasses(sql, options),
    getPass: (id) => getPass(sql, id),
    getDocument: (hash) => getDocument(sql, hash),
    getInventory: async () => {
      const mark = await historyMark(sql);
      if (!remembersInventory(memory, mark)) rememberInventory(memory, mark, await getInventory(sql));
      return sortedInventory(memory);
    },
    batteryHistory: (type) => batteryHistory(sql, type),
    documentHistory: (ref) => documentHistory(sql, ref),
    reap: (options) => reap(sql, options),
    redactor,
    close: () => sql.close(),
  };
}

/** The key made at first start; when two processes start at once, both end up with the one that won. */
async function loadRedactionKey(sql: Sql): Promise<string> {
  await sql.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    REDACTION_KEY_SETTING,
    generateRedactionKey(),
  ]);
  const [row] = await sql.query('SELECT value FROM settings WHERE name = $1', [REDACTION_KEY_SETTING]);
  return text(row ?? {}, 'value');
}
