import { instanceKey, type KubeObject } from '@batteries-included/batteries';
import { optionalText, text, type Sql } from '@batteries-included/sql';
import { insertDocuments, makeDocument, type NewDocument } from './documents.js';
import { holdLock } from './locks.js';
import {
  createPassMemory,
  forget,
  historyMark,
  manifestDocument,
  rememberInventory,
  rememberPass,
  rememberedDocuments,
  remembersInventory,
  snapshotDocument,
  type PassMemory,
} from './pass-memory.js';
import { insertBatteryHistory, insertPassObjects, insertPassRow, writeInventory } from './pass-rows.js';
import { getInventory } from './queries.js';
import { secretValuesOf, type Redactor } from './redact.js';
import { countResults } from '../engine/vocabulary.js';
import { diffBatteries, diffInventory, manifestOf, normalizeObjects } from './record-diff.js';
import type { PassRecord, RecordedPass } from './types.js';

/**
 * Writes one pass in one transaction: its documents (only those not yet stored), the `passes` row,
 * `pass_objects` rows for what changed or failed, the inventory diff and Battery spec changes. An
 * unchanged platform therefore adds exactly one `passes` row, and with `memory` (the store's) it neither re-reads
 * the inventory nor re-sends the manifest and snapshot the previous pass stored (see `PassMemory`). Secret values
 * are redacted before anything is written; free text is scrubbed of the values this pass knows.
 */
export async function recordPass(
  sql: Sql,
  redactor: Redactor,
  record: PassRecord,
  memory: PassMemory = createPassMemory(),
): Promise<RecordedPass> {
  const objects = normalizeObjects(record.objects);
  // Everything that needs no database is derived before the transaction opens, to keep it short.
  const counts = countResults(objects);
  const remembered = rememberedDocuments(memory);
  const manifestMemo = manifestDocument(memory, manifestOf(objects, record.kept));
  const snapshotMemo = snapshotDocument(memory, record.snapshot);
  const [manifest, snapshot] = [manifestMemo.document, snapshotMemo.document];
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

  const written = await sql
    .transaction(async (tx) => {
      await holdLock(tx, 'write');
      // The inventory as of the newest pass: remembered, unless another process recorded or reaped since.
      const before = await historyMark(tx);
      if (!remembersInventory(memory, before)) rememberInventory(memory, before, await getInventory(tx));
      const inventory = diffInventory(memory.inventory!, objects);
      // Battery history changes only with a recorded pass: remembered with the inventory.
      memory.specs ??= await readLatestSpecs(tx);
      const batteryChanges = diffBatteries(
        memory.specs,
        new Map([...specs].map(([type, document]) => [type, document.hash])),
      );

      // The previous pass's manifest and snapshot are stored while it is the newest; an unchanged one is not resent.
      const isStored = (document: NewDocument) =>
        remembered.mark === before.text && remembered.hashes.has(document.hash);
      const documents: NewDocument[] = [manifest, snapshot].filter((document) => !isStored(document));
      for (const change of batteryChanges) if (change.specHash) documents.push(specs.get(change.battery)!);
      for (const result of changed) if (result.object) documents.push(documentOf(result.object));
      for (const write of inventory.writes) documents.push(documentOf(write.object));
      await insertDocuments(tx, documents);

      const id = await insertPassRow(tx, record, {
        manifestHash: manifest.hash,
        snapshotHash: snapshot.hash,
        counts,
        error: scrub(record.error),
      });
      await insertPassObjects(tx, id, changed, {
        documentHashOf: (result) => (result.object ? documentOf(result.object).hash : null),
        scrub,
      });
      const entries = await writeInventory(tx, id, inventory, (write) => documentOf(write.object).hash);
      await insertBatteryHistory(tx, id, batteryChanges, record);
      return { id, before, change: { writes: entries, deletes: inventory.deletes, specs: batteryChanges } };
    })
    .catch((error: unknown) => {
      // What this pass assumed of the memory may be stale now; the next pass reads the database.
      forget(memory);
      throw error;
    });

  rememberPass(memory, written.before, written.id, written.change);
  memory.manifest = manifestMemo;
  memory.snapshot = snapshotMemo;
  return { id: written.id, manifestHash: manifest.hash, snapshotHash: snapshot.hash, counts };
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
