import { instanceKey, type KubeObject } from '@batteries-included/batteries';
import { integer, optionalText, text, type Sql } from '@batteries-included/sql';
import { insertDocuments, makeDocument, type NewDocument } from './documents.js';
import { holdLock } from './locks.js';
import { secretValuesOf, type Redactor } from './redact.js';
import { countResults } from '../engine/vocabulary.js';
import {
  diffBatteries,
  diffInventory,
  manifestOf,
  snapshotDocumentOf,
  normalizeObjects,
  type InventoryState,
} from './record-diff.js';
import type { PassRecord, RecordedPass } from './types.js';

/**
 * Writes one pass in one transaction: its documents (only those not yet stored), the `passes` row,
 * `pass_objects` rows for what changed or failed, the inventory diff and Battery spec changes. An
 * unchanged platform therefore adds exactly one `passes` row. Secret values are redacted before
 * anything is written; free text is scrubbed of the values this pass knows.
 */
export async function recordPass(sql: Sql, redactor: Redactor, record: PassRecord): Promise<RecordedPass> {
  const objects = normalizeObjects(record.objects);
  // Everything that needs no database is derived before the transaction opens, to keep it short.
  const counts = countResults(objects);
  const manifest = makeDocument('manifest', manifestOf(objects, record.kept));
  const snapshot = makeDocument('snapshot', snapshotDocumentOf(record.snapshot));
  // Battery specs by type and instance specs by `Kind/namespace/name`: both get a spec history.
  const specs = new Map([
    ...Object.entries(record.snapshot.batteries).map(
      ([type, spec]) => [type, makeDocument('spec', spec)] as const,
    ),
    ...(record.snapshot.instances ?? []).map(
      (instance) => [instanceKey(instance), makeDocument('spec', instance.spec)] as const,
    ),
  ]);
  const desired = objects.flatMap((result) => (result.object ? [result.object] : []));
  const secrets = [...Object.values(record.snapshot.secretMaterial), ...secretValuesOf(desired)];
  const scrub = (value: string | undefined) =>
    value === undefined ? null : redactor.scrubText(value, secrets);
  const documentOf = memoize((object: KubeObject) => makeDocument('object', redactor.redactObject(object)));
  const changed = objects.filter((result) => result.action !== 'unchanged');

  return sql.transaction(async (tx) => {
    await holdLock(tx, 'write');
    const inventory = diffInventory(await readInventoryState(tx), objects);
    const batteryChanges = diffBatteries(
      await readLatestSpecs(tx),
      new Map([...specs].map(([type, document]) => [type, document.hash])),
    );

    const documents: NewDocument[] = [manifest, snapshot];
    for (const change of batteryChanges) if (change.specHash) documents.push(specs.get(change.battery)!);
    for (const result of changed) if (result.object) documents.push(documentOf(result.object));
    for (const write of inventory.writes) documents.push(documentOf(write.object));
    await insertDocuments(tx, documents);

    const [passRow] = await tx.query(
      `INSERT INTO passes (started_at, finished_at, trigger, status, inputs_hash, manifest_hash, snapshot_hash, counts, error)
       VALUES ($1::timestamptz, $2::timestamptz, $3, $4, $5, $6, $7, $8::text::jsonb, $9) RETURNING id`,
      [
        record.startedAt.toISOString(),
        record.finishedAt.toISOString(),
        record.trigger,
        record.status,
        record.inputsHash,
        manifest.hash,
        snapshot.hash,
        JSON.stringify(counts),
        scrub(record.error),
      ],
    );
    const id = integer(passRow!, 'id');

    if (changed.length > 0) {
      const rows = changed.map((result) => ({
        ref: result.ref,
        action: result.action,
        hash: result.hash ?? null,
        document_hash: result.object ? documentOf(result.object).hash : null,
        duration_ms: result.durationMs === undefined ? null : Math.round(result.durationMs),
        message: scrub(result.message),
      }));
      await tx.query(
        `INSERT INTO pass_objects (pass_id, ref, action, hash, document_hash, duration_ms, message)
         SELECT $1, x.ref, x.action, x.hash, x.document_hash, x.duration_ms, x.message
         FROM jsonb_to_recordset($2::text::jsonb)
           AS x(ref text, action text, hash text, document_hash text, duration_ms integer, message text)`,
        [id, JSON.stringify(rows)],
      );
    }

    if (inventory.deletes.length > 0) {
      await tx.query(
        'DELETE FROM inventory WHERE ref IN (SELECT jsonb_array_elements_text($1::text::jsonb))',
        [JSON.stringify(inventory.deletes)],
      );
    }
    if (inventory.writes.length > 0) {
      const rows = inventory.writes.map((write) => ({
        ref: write.ref,
        hash: write.hash,
        document_hash: documentOf(write.object).hash,
        battery: write.battery,
        api_version: write.apiVersion,
        kind: write.kind,
        namespace: write.namespace ?? null,
        name: write.name,
      }));
      await tx.query(
        `INSERT INTO inventory (ref, hash, document_hash, battery, api_version, kind, namespace, name, pass_id)
         SELECT x.ref, x.hash, x.document_hash, x.battery, x.api_version, x.kind, x.namespace, x.name, $1
         FROM jsonb_to_recordset($2::text::jsonb)
           AS x(ref text, hash text, document_hash text, battery text, api_version text, kind text, namespace text, name text)
         ON CONFLICT (ref) DO UPDATE SET hash = EXCLUDED.hash, document_hash = EXCLUDED.document_hash,
           battery = EXCLUDED.battery, api_version = EXCLUDED.api_version, pass_id = EXCLUDED.pass_id`,
        [id, JSON.stringify(rows)],
      );
    }

    if (batteryChanges.length > 0) {
      const rows = batteryChanges.map(({ battery, specHash }) => {
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
        [id, JSON.stringify(rows)],
      );
    }

    return { id, manifestHash: manifest.hash, snapshotHash: snapshot.hash, counts };
  });
}

async function readInventoryState(tx: Sql): Promise<Map<string, InventoryState>> {
  const rows = await tx.query('SELECT ref, hash, battery, api_version FROM inventory');
  return new Map(
    rows.map((row) => [
      text(row, 'ref'),
      { hash: text(row, 'hash'), battery: text(row, 'battery'), apiVersion: text(row, 'api_version') },
    ]),
  );
}

async function readLatestSpecs(tx: Sql): Promise<Map<string, string | undefined>> {
  const rows = await tx.query(
    'SELECT DISTINCT ON (battery) battery, spec_hash FROM battery_history ORDER BY battery, id DESC',
  );
  return new Map(rows.map((row) => [text(row, 'battery'), optionalText(row, 'spec_hash')]));
}

/** Redacting and hashing an object is the costly part; do it once per object however often it is needed. */
function memoize<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
