import type { Sql } from '../src/store/index.js';

/** Sizes of one table in bytes: everything, and the heap and indexes alone (without the FSM/VM forks). */
export interface TableBytes {
  /** `pg_total_relation_size`: heap, indexes, TOAST and the free-space and visibility maps. */
  total: number;
  /** `pg_relation_size(main)` + `pg_indexes_size`: grows with rows, 8 KB page at a time. */
  heapAndIndexes: number;
}

/** The size of every table of the store, by table. */
export async function storeTableBytes(sql: Sql): Promise<Record<string, TableBytes>> {
  const rows = await sql.query<{ name: string; total: number | string; heap: number | string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS total,
            pg_relation_size(c.oid, 'main') + pg_indexes_size(c.oid) AS heap
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r'
     ORDER BY c.relname`,
  );
  return Object.fromEntries(
    rows.map((row) => [row.name, { total: Number(row.total), heapAndIndexes: Number(row.heap) }]),
  );
}

/** How much the store grew from `before` to `after`, in all and per table (tables that did not grow are left out). */
export function growth(
  before: Readonly<Record<string, TableBytes>>,
  after: Readonly<Record<string, TableBytes>>,
): { total: number; heapAndIndexes: number; tables: Record<string, number> } {
  const tables: Record<string, number> = {};
  let total = 0;
  let heapAndIndexes = 0;
  for (const [name, bytes] of Object.entries(after)) {
    const delta = bytes.total - (before[name]?.total ?? 0);
    if (delta !== 0) tables[name] = delta;
    total += delta;
    heapAndIndexes += bytes.heapAndIndexes - (before[name]?.heapAndIndexes ?? 0);
  }
  return { total, heapAndIndexes, tables };
}
