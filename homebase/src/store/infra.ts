import type { Row, Sql } from '@batteries-included/sql';
import { integer, json, optionalText, optionalTimestamp, text, timestamp } from '@batteries-included/sql';
import type { OutboxMail, SigningKeyRow } from './types.js';

/** Home Base's signing keys, oldest first (the newest signs; all verify). */
export async function listSigningKeys(sql: Sql): Promise<SigningKeyRow[]> {
  const rows = await sql.query('SELECT * FROM signing_keys ORDER BY seq');
  return rows.map((row) => ({
    kid: text(row, 'kid'),
    publicJwk: json(row, 'public_jwk') as Record<string, unknown>,
    privateJwkSealed: text(row, 'private_jwk_sealed'),
    createdAt: timestamp(row, 'created_at'),
  }));
}

export async function addSigningKey(sql: Sql, key: SigningKeyRow): Promise<void> {
  await sql.query(
    'INSERT INTO signing_keys (kid, public_jwk, private_jwk_sealed, created_at) VALUES ($1, $2, $3, $4)',
    [key.kid, JSON.stringify(key.publicJwk), key.privateJwkSealed, key.createdAt],
  );
}

const MAIL_COLUMNS = 'id::int AS id, to_address, subject, body, created_at, sent_at, error';

const toMail = (row: Row): OutboxMail => ({
  id: integer(row, 'id'),
  to: text(row, 'to_address'),
  subject: text(row, 'subject'),
  body: text(row, 'body'),
  createdAt: timestamp(row, 'created_at'),
  sentAt: optionalTimestamp(row, 'sent_at'),
  error: optionalText(row, 'error'),
});

export async function enqueueMail(
  sql: Sql,
  mail: { to: string; subject: string; body: string; createdAt?: Date },
): Promise<number> {
  const [row] = await sql.query(
    `INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, coalesce($4, now()))
     RETURNING id::int AS id`,
    [mail.to, mail.subject, mail.body, mail.createdAt ?? null],
  );
  return integer(row ?? {}, 'id');
}

/** Deletes mail queued before `before` (sent or not: every link in it has expired by then). Resolves with the count. */
export async function expireOutbox(sql: Sql, before: Date): Promise<number> {
  const rows = await sql.query('DELETE FROM outbox WHERE created_at < $1 RETURNING id', [before]);
  return rows.length;
}

/** The newest mails first. */
export async function listOutbox(sql: Sql, limit = 50): Promise<OutboxMail[]> {
  const rows = await sql.query(`SELECT ${MAIL_COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(toMail);
}

export async function listUnsentMail(sql: Sql, limit = 20): Promise<OutboxMail[]> {
  const rows = await sql.query(
    `SELECT ${MAIL_COLUMNS} FROM outbox WHERE sent_at IS NULL AND error IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows.map(toMail);
}

export async function markMail(
  sql: Sql,
  id: number,
  outcome: { sentAt: Date } | { error: string },
): Promise<void> {
  // A delivered mail keeps no body: its confirmation or reset link is a credential until used or expired.
  if ('sentAt' in outcome)
    await sql.query(`UPDATE outbox SET sent_at = $2, body = '' WHERE id = $1`, [id, outcome.sentAt]);
  else await sql.query('UPDATE outbox SET error = $2 WHERE id = $1', [id, outcome.error]);
}

/** A sealed value and the row it belongs to. */
export interface SealedRow {
  table: 'signing_keys' | 'installations';
  id: string;
  sealed: string;
}

/** Sealed values written before bindings (`v1.` prefix), signing keys first. */
export async function listLegacySealed(sql: Sql): Promise<SealedRow[]> {
  const rows = await sql.query(
    `SELECT 'signing_keys' AS table_name, kid AS id, private_jwk_sealed AS sealed, 0 AS ord FROM signing_keys
       WHERE private_jwk_sealed LIKE 'v1.%'
     UNION ALL
     SELECT 'installations', id::text, private_jwk_sealed, 1 FROM installations
       WHERE private_jwk_sealed LIKE 'v1.%'
     ORDER BY ord, id`,
  );
  return rows.map((row) => ({
    table: text(row, 'table_name') as SealedRow['table'],
    id: text(row, 'id'),
    sealed: text(row, 'sealed'),
  }));
}

/** Replaces one row's sealed value, only if it still holds `from`; false when it changed meanwhile. */
export async function replaceSealed(sql: Sql, row: SealedRow, to: string): Promise<boolean> {
  const rows =
    row.table === 'signing_keys'
      ? await sql.query(
          'UPDATE signing_keys SET private_jwk_sealed = $3 WHERE kid = $1 AND private_jwk_sealed = $2 RETURNING kid',
          [row.id, row.sealed, to],
        )
      : await sql.query(
          'UPDATE installations SET private_jwk_sealed = $3 WHERE id = $1 AND private_jwk_sealed = $2 RETURNING id',
          [row.id, row.sealed, to],
        );
  return rows.length > 0;
}
