import type { Migration } from '@batteries-included/sql';

/**
 * Upstream bundles (operator/src/bundles): the content-addressed cache of release files, and the digest each
 * `<name>@<version>` was first seen with (trust on first use). Neither table is written by a pass that fetches
 * nothing, so a no-op pass still costs one `passes` row.
 */
export const bundles: Migration = {
  version: 2,
  name: 'bundles',
  statements: [
    `CREATE TABLE bundle_contents (
      digest text PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
      content text NOT NULL,
      size_bytes integer NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE bundle_pins (
      key text PRIMARY KEY,
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      source text NOT NULL,
      pinned_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
