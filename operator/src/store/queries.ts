import {
  integer,
  json,
  oneOf,
  optionalInteger,
  optionalText,
  text,
  timestamp,
  type Row,
  type Sql,
} from '@batteries-included/sql';
import { counts } from './rows.js';
import {
  DOCUMENT_KINDS,
  PASS_STATUSES,
  RECORDED_ACTIONS,
  type BatteryHistoryEntry,
  type DocumentVersion,
  type InventoryEntry,
  type ListPassesOptions,
  type PassDetail,
  type PassObject,
  type PassPage,
  type PassSummary,
  type StoredDocument,
} from './types.js';

const PASS_COLUMNS =
  'id, started_at, finished_at, trigger, status, inputs_hash, manifest_hash, snapshot_hash, counts, error';
const MAX_PAGE = 500;

/**
 * Passes newest first, by keyset (`id < before`), so a page never repeats or skips a pass however
 * many passes are recorded while a reader pages.
 */
export async function listPasses(
  sql: Sql,
  { limit = 50, before, status }: ListPassesOptions = {},
): Promise<PassPage> {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new RangeError(`limit: expected a whole number from 1 to ${MAX_PAGE}, got ${limit}`);
  }
  if (before !== undefined && !Number.isSafeInteger(before)) {
    throw new RangeError(`before: expected a pass id (a whole number), got ${before}`);
  }
  // One row more than asked tells whether an older page exists.
  const rows = await sql.query(
    `SELECT ${PASS_COLUMNS} FROM passes
     WHERE ($1::bigint IS NULL OR id < $1::bigint) AND ($2::text IS NULL OR status = $2::text)
     ORDER BY id DESC LIMIT $3`,
    [before ?? null, status ?? null, limit + 1],
  );
  const passes = rows.slice(0, limit).map(passSummaryOf);
  const last = passes[passes.length - 1];
  return rows.length > limit && last ? { passes, nextBefore: last.id } : { passes };
}

/** A pass and its changed or failed objects (sorted by ref), or undefined when there is none (or it was reaped). */
export async function getPass(sql: Sql, id: number): Promise<PassDetail | undefined> {
  const [row] = await sql.query(`SELECT ${PASS_COLUMNS} FROM passes WHERE id = $1`, [id]);
  if (!row) return undefined;
  const objects = await sql.query(
    'SELECT ref, action, hash, document_hash, duration_ms, message FROM pass_objects WHERE pass_id = $1 ORDER BY ref',
    [id],
  );
  return { ...passSummaryOf(row), objects: objects.map(passObjectOf) };
}

export async function getDocument(sql: Sql, hash: string): Promise<StoredDocument | undefined> {
  const [row] = await sql.query('SELECT hash, kind, body FROM documents WHERE hash = $1', [hash]);
  return (
    row && { hash: text(row, 'hash'), kind: oneOf(row, 'kind', DOCUMENT_KINDS), body: json(row, 'body') }
  );
}

/** Every managed object, sorted by ref. */
export async function getInventory(sql: Sql): Promise<InventoryEntry[]> {
  const rows = await sql.query(
    'SELECT ref, hash, document_hash, battery, api_version, kind, namespace, name, pass_id FROM inventory ORDER BY ref',
  );
  return rows.map((row) =>
    withOptional(
      {
        ref: text(row, 'ref'),
        hash: text(row, 'hash'),
        documentHash: text(row, 'document_hash'),
        battery: text(row, 'battery'),
        apiVersion: text(row, 'api_version'),
        kind: text(row, 'kind'),
        name: text(row, 'name'),
      },
      { namespace: optionalText(row, 'namespace'), passId: optionalInteger(row, 'pass_id') },
    ),
  );
}

/** The spec changes of one Battery type, newest first. */
export async function batteryHistory(sql: Sql, battery: string): Promise<BatteryHistoryEntry[]> {
  const rows = await sql.query(
    `SELECT id, battery, generation, spec_hash, field_manager, changed_at, pass_id
     FROM battery_history WHERE battery = $1 ORDER BY id DESC`,
    [battery],
  );
  return rows.map((row) =>
    withOptional(
      { id: integer(row, 'id'), battery: text(row, 'battery'), changedAt: timestamp(row, 'changed_at') },
      {
        generation: optionalInteger(row, 'generation'),
        specHash: optionalText(row, 'spec_hash'),
        fieldManager: optionalText(row, 'field_manager'),
        passId: optionalInteger(row, 'pass_id'),
      },
    ),
  );
}

/** The recorded versions of one object (by canonical ref), newest first. */
export async function documentHistory(sql: Sql, ref: string): Promise<DocumentVersion[]> {
  const rows = await sql.query(
    `SELECT o.pass_id, p.started_at, o.action, o.hash, o.document_hash
     FROM pass_objects o JOIN passes p ON p.id = o.pass_id
     WHERE o.ref = $1 ORDER BY o.pass_id DESC`,
    [ref],
  );
  return rows.map((row) =>
    withOptional(
      {
        passId: integer(row, 'pass_id'),
        startedAt: timestamp(row, 'started_at'),
        action: oneOf(row, 'action', RECORDED_ACTIONS),
      },
      { hash: optionalText(row, 'hash'), documentHash: optionalText(row, 'document_hash') },
    ),
  );
}

function passSummaryOf(row: Row): PassSummary {
  return withOptional(
    {
      id: integer(row, 'id'),
      startedAt: timestamp(row, 'started_at'),
      finishedAt: timestamp(row, 'finished_at'),
      trigger: text(row, 'trigger'),
      status: oneOf(row, 'status', PASS_STATUSES),
      inputsHash: text(row, 'inputs_hash'),
      manifestHash: text(row, 'manifest_hash'),
      snapshotHash: text(row, 'snapshot_hash'),
      counts: counts(row, 'counts'),
    },
    { error: optionalText(row, 'error') },
  );
}

function passObjectOf(row: Row): PassObject {
  return withOptional(
    { ref: text(row, 'ref'), action: oneOf(row, 'action', RECORDED_ACTIONS) },
    {
      hash: optionalText(row, 'hash'),
      documentHash: optionalText(row, 'document_hash'),
      durationMs: optionalInteger(row, 'duration_ms'),
      message: optionalText(row, 'message'),
    },
  );
}

/** Adds the optional fields that have values, so absent columns are absent keys (not `undefined`). */
function withOptional<T extends object, O extends object>(
  value: T,
  optional: O,
): T & Partial<{ [K in keyof O]: Exclude<O[K], undefined> }> {
  const result = { ...value } as Record<string, unknown>;
  for (const [key, field] of Object.entries(optional)) if (field !== undefined) result[key] = field;
  return result as T & Partial<{ [K in keyof O]: Exclude<O[K], undefined> }>;
}
