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
  mail: { to: string; subject: string; body: string },
): Promise<number> {
  const [row] = await sql.query(
    'INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3) RETURNING id::int AS id',
    [mail.to, mail.subject, mail.body],
  );
  return integer(row ?? {}, 'id');
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
  if ('sentAt' in outcome)
    await sql.query('UPDATE outbox SET sent_at = $2 WHERE id = $1', [id, outcome.sentAt]);
  else await sql.query('UPDATE outbox SET error = $2 WHERE id = $1', [id, outcome.error]);
}
