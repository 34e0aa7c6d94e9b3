import type { Migration } from '@batteries-included/sql';

/**
 * The pass record (DESIGN §5 "Record"). Sizes matter: a no-op pass must add one `passes` row and
 * nothing else, so every per-pass table but `passes` is written only for what changed, and indexes are
 * kept off `passes` beyond its key.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  statements: [
    `CREATE TABLE settings (
      name text PRIMARY KEY,
      value text NOT NULL
    )`,
    // Content-addressed: the key is a SHA-256 over the kind and the canonical JSON body.
    `CREATE TABLE documents (
      hash text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('object', 'manifest', 'snapshot', 'spec')),
      body jsonb NOT NULL
    )`,
    `CREATE TABLE passes (
      id bigserial PRIMARY KEY,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      trigger text NOT NULL,
      status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'partial', 'superseded')),
      inputs_hash text NOT NULL,
      manifest_hash text NOT NULL REFERENCES documents (hash),
      snapshot_hash text NOT NULL REFERENCES documents (hash),
      counts jsonb NOT NULL,
      error text
    )`,
    `CREATE TABLE pass_objects (
      pass_id bigint NOT NULL REFERENCES passes (id) ON DELETE CASCADE,
      ref text NOT NULL,
      action text NOT NULL CHECK (action IN ('create', 'update', 'drifted', 'prune', 'orphan', 'failed')),
      hash text,
      document_hash text REFERENCES documents (hash),
      duration_ms integer,
      message text,
      PRIMARY KEY (pass_id, ref)
    )`,
    `CREATE INDEX pass_objects_ref ON pass_objects (ref, pass_id DESC)`,
    // Reaping checks each candidate document against this column.
    `CREATE INDEX pass_objects_document ON pass_objects (document_hash)`,
    `CREATE TABLE inventory (
      ref text PRIMARY KEY,
      hash text NOT NULL,
      document_hash text NOT NULL REFERENCES documents (hash),
      battery text NOT NULL,
      api_version text NOT NULL,
      kind text NOT NULL,
      namespace text,
      name text NOT NULL,
      pass_id bigint REFERENCES passes (id) ON DELETE SET NULL
    )`,
    `CREATE INDEX inventory_pass ON inventory (pass_id)`,
    // Outlives reaped passes (pass_id is then NULL): who changed which battery, and when, is kept.
    `CREATE TABLE battery_history (
      id bigserial PRIMARY KEY,
      battery text NOT NULL,
      generation bigint,
      spec_hash text REFERENCES documents (hash),
      field_manager text,
      changed_at timestamptz NOT NULL,
      pass_id bigint REFERENCES passes (id) ON DELETE SET NULL
    )`,
    `CREATE INDEX battery_history_battery ON battery_history (battery, id DESC)`,
    `CREATE INDEX battery_history_pass ON battery_history (pass_id)`,
  ],
};
