import { randomUUID } from 'node:crypto';
import { bool, isUniqueViolation, text, timestamp, type Row, type Sql } from '@batteries-included/sql';
import type { Invitation, TeamMember, TeamMembership } from './types.js';

/** A new team with `ownerId` as its admin. */
export async function createTeam(
  sql: Sql,
  { name, ownerId }: { name: string; ownerId: string },
): Promise<string> {
  const id = randomUUID();
  await sql.transaction(async (tx) => {
    await tx.query('INSERT INTO teams (id, name) VALUES ($1, $2)', [id, name]);
    await tx.query('INSERT INTO team_members (team_id, user_id, is_admin) VALUES ($1, $2, true)', [
      id,
      ownerId,
    ]);
  });
  return id;
}

/** The teams a user belongs to, oldest membership first. */
export async function listTeamsOf(sql: Sql, userId: string): Promise<TeamMembership[]> {
  const rows = await sql.query(
    `SELECT t.id::text AS team_id, t.name, m.is_admin FROM team_members m JOIN teams t ON t.id = m.team_id
     WHERE m.user_id = $1 ORDER BY m.created_at, t.name`,
    [userId],
  );
  return rows.map((row) => ({
    teamId: text(row, 'team_id'),
    name: text(row, 'name'),
    isAdmin: bool(row, 'is_admin'),
  }));
}

export async function getMembership(
  sql: Sql,
  teamId: string,
  userId: string,
): Promise<TeamMembership | undefined> {
  const [row] = await sql.query(
    `SELECT t.id::text AS team_id, t.name, m.is_admin FROM team_members m JOIN teams t ON t.id = m.team_id
     WHERE m.team_id = $1 AND m.user_id = $2`,
    [teamId, userId],
  );
  return row && { teamId: text(row, 'team_id'), name: text(row, 'name'), isAdmin: bool(row, 'is_admin') };
}

export async function listMembers(sql: Sql, teamId: string): Promise<TeamMember[]> {
  const rows = await sql.query(
    `SELECT u.id::text AS user_id, u.email, m.is_admin FROM team_members m JOIN users u ON u.id = m.user_id
     WHERE m.team_id = $1 ORDER BY lower(u.email)`,
    [teamId],
  );
  return rows.map((row) => ({
    userId: text(row, 'user_id'),
    email: text(row, 'email'),
    isAdmin: bool(row, 'is_admin'),
  }));
}

/** Removes a member unless it is the team's last admin; false when nothing was removed. */
export async function removeMember(sql: Sql, teamId: string, userId: string): Promise<boolean> {
  const rows = await sql.query(
    `DELETE FROM team_members m WHERE m.team_id = $1 AND m.user_id = $2
       AND (NOT m.is_admin OR (SELECT count(*) FROM team_members a WHERE a.team_id = $1 AND a.is_admin) > 1)
     RETURNING m.user_id`,
    [teamId, userId],
  );
  return rows.length > 0;
}

/** Changes a member's role; demoting the team's last admin is refused. False when nothing changed. */
export async function setMemberRole(
  sql: Sql,
  teamId: string,
  userId: string,
  isAdmin: boolean,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE team_members m SET is_admin = $3 WHERE m.team_id = $1 AND m.user_id = $2
       AND ($3 OR (SELECT count(*) FROM team_members a WHERE a.team_id = $1 AND a.is_admin AND a.user_id <> $2) > 0)
     RETURNING m.user_id`,
    [teamId, userId, isAdmin],
  );
  return rows.length > 0;
}

const toInvitation = (row: Row): Invitation => ({
  id: text(row, 'id'),
  teamId: text(row, 'team_id'),
  teamName: text(row, 'team_name'),
  email: text(row, 'email'),
  isAdmin: bool(row, 'is_admin'),
  createdAt: timestamp(row, 'created_at'),
});

const INVITATION_COLUMNS = `i.id::text AS id, i.team_id::text AS team_id, t.name AS team_name, i.email, i.is_admin, i.created_at`;

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Invites an email to a team for `INVITATION_TTL_MS` from `now`; false when that email has a live invitation. An
 * expired invitation of the same email is replaced.
 */
export async function createInvitation(
  sql: Sql,
  invitation: { teamId: string; email: string; isAdmin: boolean; invitedBy: string; now?: Date },
): Promise<boolean> {
  const now = invitation.now ?? new Date();
  try {
    await sql.transaction(async (tx) => {
      await tx.query(
        'DELETE FROM team_invitations WHERE team_id = $1 AND lower(email) = lower($2) AND expires_at <= $3',
        [invitation.teamId, invitation.email, now],
      );
      await tx.query(
        `INSERT INTO team_invitations (id, team_id, email, is_admin, invited_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          randomUUID(),
          invitation.teamId,
          invitation.email,
          invitation.isAdmin,
          invitation.invitedBy,
          now,
          new Date(now.getTime() + INVITATION_TTL_MS),
        ],
      );
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** A team's live (unexpired) invitations. */
export async function listTeamInvitations(sql: Sql, teamId: string, now = new Date()): Promise<Invitation[]> {
  const rows = await sql.query(
    `SELECT ${INVITATION_COLUMNS} FROM team_invitations i JOIN teams t ON t.id = i.team_id
     WHERE i.team_id = $1 AND i.expires_at > $2 ORDER BY i.created_at`,
    [teamId, now],
  );
  return rows.map(toInvitation);
}

/** Live invitations addressed to an email, from teams the user is not yet in. */
export async function listInvitationsFor(
  sql: Sql,
  userId: string,
  email: string,
  now = new Date(),
): Promise<Invitation[]> {
  const rows = await sql.query(
    `SELECT ${INVITATION_COLUMNS} FROM team_invitations i JOIN teams t ON t.id = i.team_id
     WHERE lower(i.email) = lower($2) AND i.expires_at > $3
       AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = i.team_id AND m.user_id = $1)
     ORDER BY i.created_at`,
    [userId, email, now],
  );
  return rows.map(toInvitation);
}

/**
 * Accepts a live invitation addressed to `email`: the user joins with the invited role. The team id, or undefined
 * (no such invitation, another address's, or expired at `now`).
 */
export async function acceptInvitation(
  sql: Sql,
  {
    invitationId,
    userId,
    email,
    now = new Date(),
  }: { invitationId: string; userId: string; email: string; now?: Date },
): Promise<string | undefined> {
  return sql.transaction(async (tx) => {
    const [row] = await tx.query(
      `DELETE FROM team_invitations WHERE id = $1 AND lower(email) = lower($2) AND expires_at > $3
       RETURNING team_id::text AS team_id, is_admin`,
      [invitationId, email, now],
    );
    if (!row) return undefined;
    await tx.query(
      `INSERT INTO team_members (team_id, user_id, is_admin) VALUES ($1, $2, $3)
       ON CONFLICT (team_id, user_id) DO NOTHING`,
      [text(row, 'team_id'), userId, bool(row, 'is_admin')],
    );
    return text(row, 'team_id');
  });
}

/** Withdraws an invitation of `teamId`; false when the team has no such invitation. */
export async function deleteInvitation(sql: Sql, teamId: string, invitationId: string): Promise<boolean> {
  const rows = await sql.query('DELETE FROM team_invitations WHERE id = $1 AND team_id = $2 RETURNING id', [
    invitationId,
    teamId,
  ]);
  return rows.length > 0;
}
