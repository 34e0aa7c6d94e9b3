// The rows one pass writes besides its documents, in the order `recordPass` writes them, inside its transaction.
import { integer, type Sql } from '@batteries-included/sql';
import type { BatteryChange, InventoryDiff } from './record-diff.js';
import type { InventoryEntry, ObjectResult, PassCounts, PassRecord } from './types.js';

/** Inserts the `passes` row; answers its id. */
export async function insertPassRow(
  tx: Sql,
  record: PassRecord,
  row: { manifestHash: string; snapshotHash: string; counts: PassCounts; error: string | null },
): Promise<number> {
  const [passRow] = await tx.query(
    `INSERT INTO passes (started_at, finished_at, trigger, status, inputs_hash, manifest_hash, snapshot_hash, counts, error)
     VALUES ($1::timestamptz, $2::timestamptz, $3, $4, $5, $6, $7, $8::text::jsonb, $9) RETURNING id`,
    [
      record.startedAt.toISOString(),
      record.finishedAt.toISOString(),
      record.trigger,
      record.status,
      record.inputsHash,
      row.manifestHash,
      row.snapshotHash,
      JSON.stringify(row.counts),
      row.error,
    ],
  );
  return integer(passRow!, 'id');
}

/** A `pass_objects` row per object that changed or failed. */
export async function insertPassObjects(
  tx: Sql,
  passId: number,
  changed: readonly ObjectResult[],
  { documentHashOf, scrub }: { documentHashOf: (result: ObjectResult) => string | null; scrub: Scrub },
): Promise<void> {
  if (changed.length === 0) return;
  const rows = changed.map((result) => ({
    ref: result.ref,
    action: result.action,
    hash: result.hash ?? null,
    document_hash: documentHashOf(result),
    duration_ms: result.durationMs === undefined ? null : Math.round(result.durationMs),
    message: scrub(result.message),
  }));
  await tx.query(
    `INSERT INTO pass_objects (pass_id, ref, action, hash, document_hash, duration_ms, message)
     SELECT $1, x.ref, x.action, x.hash, x.document_hash, x.duration_ms, x.message
     FROM jsonb_to_recordset($2::text::jsonb)
       AS x(ref text, action text, hash text, document_hash text, duration_ms integer, message text)`,
    [passId, JSON.stringify(rows)],
  );
}

/** Applies the inventory diff; answers the entries written, as `getInventory` would now return them. */
export async function writeInventory(
  tx: Sql,
  passId: number,
  diff: InventoryDiff,
  documentHashOf: (write: InventoryDiff['writes'][number]) => string,
): Promise<InventoryEntry[]> {
  if (diff.deletes.length > 0) {
    await tx.query('DELETE FROM inventory WHERE ref IN (SELECT jsonb_array_elements_text($1::text::jsonb))', [
      JSON.stringify(diff.deletes),
    ]);
  }
  const entries = diff.writes.map((write): InventoryEntry => ({
    ref: write.ref,
    hash: write.hash,
    documentHash: documentHashOf(write),
    battery: write.battery,
    apiVersion: write.apiVersion,
    kind: write.kind,
    ...(write.namespace ? { namespace: write.namespace } : {}),
    name: write.name,
    passId,
  }));
  if (entries.length === 0) return entries;
  const rows = entries.map((entry) => ({
    ref: entry.ref,
    hash: entry.hash,
    document_hash: entry.documentHash,
    battery: entry.battery,
    api_version: entry.apiVersion,
    kind: entry.kind,
    namespace: entry.namespace ?? null,
    name: entry.name,
  }));
  await tx.query(
    `INSERT INTO inventory (ref, hash, document_hash, battery, api_version, kind, namespace, name, pass_id)
     SELECT x.ref, x.hash, x.document_hash, x.battery, x.api_version, x.kind, x.namespace, x.name, $1
     FROM jsonb_to_recordset($2::text::jsonb)
       AS x(ref text, hash text, document_hash text, battery text, api_version text, kind text, namespace text, name text)
     ON CONFLICT (ref) DO UPDATE SET hash = EXCLUDED.hash, document_hash = EXCLUDED.document_hash,
       battery = EXCLUDED.battery, api_version = EXCLUDED.api_version, pass_id = EXCLUDED.pass_id`,
    [passId, JSON.stringify(rows)],
  );
  return entries;
}

/** A `battery_history` row per Battery whose spec changed (or that was deleted). */
export async function insertBatteryHistory(
  tx: Sql,
  passId: number,
  changes: readonly BatteryChange[],
  record: PassRecord,
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(({ battery, specHash }) => {
    const info = record.batteries?.[battery] ?? {};
    return {
      battery,
      generation: info.generation ?? null,
      spec_hash: specHash ?? null,
      field_manager: info.fieldManager ?? null,
      changed_at: (info.changedAt ?? record.startedAt).toISOString(),
    };
  });
  await tx.query(
    `INSERT INTO battery_history (battery, generation, spec_hash, field_manager, changed_at, pass_id)
     SELECT x.battery, x.generation, x.spec_hash, x.field_manager, x.changed_at, $1
     FROM jsonb_to_recordset($2::text::jsonb)
       AS x(battery text, generation bigint, spec_hash text, field_manager text, changed_at timestamptz)
     ORDER BY x.battery`,
    [passId, JSON.stringify(rows)],
  );
}

type Scrub = (value: string | undefined) => string | null;
