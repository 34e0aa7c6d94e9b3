import { randomUUID } from 'node:crypto';
import type { Row, Sql } from '@batteries-included/sql';
import { isUniqueViolation, optionalText, optionalTimestamp, text, timestamp } from '@batteries-included/sql';
import type { Session, TokenContext, User } from './types.js';

const toUser = (row: Row): User => ({
  id: text(row, 'id'),
  email: text(row, 'email'),
  passwordHash: text(row, 'password_hash'),
  confirmedAt: optionalTimestamp(row, 'confirmed_at'),
  createdAt: timestamp(row, 'created_at'),
});

/** A new unconfirmed user, or undefined when the email (case-insensitively) is taken. */
export async function createUser(
  sql: Sql,
  { email, passwordHash }: { email: string; passwordHash: string },
): Promise<User | undefined> {
  try {
    const [row] = await sql.query(
      'INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) RETURNING *',
      [randomUUID(), email, passwordHash],
    );
    return row && toUser(row);
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

export async function findUserByEmail(sql: Sql, email: string): Promise<User | undefined> {
  const [row] = await sql.query('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
  return row && toUser(row);
}

export async function getUser(sql: Sql, id: string): Promise<User | undefined> {
  const [row] = await sql.query('SELECT * FROM users WHERE id = $1', [id]);
  return row && toUser(row);
}

export async function confirmUser(sql: Sql, userId: string, at: Date): Promise<void> {
  await sql.query('UPDATE users SET confirmed_at = coalesce(confirmed_at, $2) WHERE id = $1', [userId, at]);
}

/** Changes the password and revokes every session and unused reset link of the user, in one transaction. */
export async function changePassword(sql: Sql, userId: string, passwordHash: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    await tx.query(`DELETE FROM user_tokens WHERE user_id = $1 AND context = 'reset'`, [userId]);
  });
}

export async function createUserToken(
  sql: Sql,
  token: {
    tokenHash: string;
    userId: string;
    context: TokenContext;
    sentTo: string;
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO user_tokens (token_hash, user_id, context, sent_to, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [token.tokenHash, token.userId, token.context, token.sentTo, token.createdAt, token.expiresAt],
  );
}

/**
 * Spends a one-time token: resolves with its user when the token exists for `context`, is unused and not
 * expired at `now`, and was sent to the user's current email; undefined otherwise.
 */
export async function useUserToken(
  sql: Sql,
  tokenHash: string,
  context: TokenContext,
  now: Date,
): Promise<string | undefined> {
  const [row] = await sql.query(
    `UPDATE user_tokens t SET used_at = $3
     FROM users u
     WHERE t.token_hash = $1 AND t.context = $2 AND t.used_at IS NULL AND t.expires_at > $3
       AND u.id = t.user_id AND lower(u.email) = lower(t.sent_to)
     RETURNING t.user_id::text AS user_id`,
    [tokenHash, context, now],
  );
  return row && text(row, 'user_id');
}

export async function createSession(
  sql: Sql,
  session: { tokenHash: string; userId: string; teamId?: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await sql.query(
    'INSERT INTO sessions (token_hash, user_id, team_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [session.tokenHash, session.userId, session.teamId ?? null, session.createdAt, session.expiresAt],
  );
}

/** The live session for a token hash; the team is dropped if the user is no longer a member of it. */
export async function getSession(sql: Sql, tokenHash: string, now: Date): Promise<Session | undefined> {
  const [row] = await sql.query(
    `SELECT s.user_id::text AS user_id, u.email, m.team_id::text AS team_id, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     LEFT JOIN team_members m ON m.team_id = s.team_id AND m.user_id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [tokenHash, now],
  );
  return (
    row && {
      userId: text(row, 'user_id'),
      email: text(row, 'email'),
      teamId: optionalText(row, 'team_id'),
      expiresAt: timestamp(row, 'expires_at'),
    }
  );
}

export async function setSessionTeam(sql: Sql, tokenHash: string, teamId: string): Promise<void> {
  await sql.query('UPDATE sessions SET team_id = $2 WHERE token_hash = $1', [tokenHash, teamId]);
}

export async function deleteSession(sql: Sql, tokenHash: string): Promise<void> {
  await sql.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function countSessions(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [userId]);
  return Number(row?.n ?? 0);
}
