import { randomUUID } from 'node:crypto';
import type { ClusterType, Size, Usage, UsageReport } from '@batteries-included/batteries';
import type { Row, Sql } from '@batteries-included/sql';
import {
  isUniqueViolation,
  json,
  optionalText,
  optionalTimestamp,
  text,
  timestamp,
} from '@batteries-included/sql';
import { isUuid } from '../ids.js';
import type { Installation, NewInstallation, StoredReport } from './types.js';

const COLUMNS = `id::text AS id, team_id::text AS team_id, slug, provider, usage, default_size, batteries,
  public_jwk, private_jwk_sealed, created_at, first_report_at`;

const toInstallation = (row: Row): Installation => ({
  id: text(row, 'id'),
  teamId: text(row, 'team_id'),
  slug: text(row, 'slug'),
  provider: text(row, 'provider') as ClusterType,
  usage: text(row, 'usage') as Usage,
  defaultSize: text(row, 'default_size') as Size,
  batteries: json(row, 'batteries') as string[],
  publicJwk: json(row, 'public_jwk') as Record<string, unknown>,
  privateJwkSealed: optionalText(row, 'private_jwk_sealed'),
  createdAt: timestamp(row, 'created_at'),
  firstReportAt: optionalTimestamp(row, 'first_report_at'),
});

/** A new installation with a random (unguessable) id, or undefined when the team already has the slug. */
export async function createInstallation(
  sql: Sql,
  input: NewInstallation,
): Promise<Installation | undefined> {
  try {
    const [row] = await sql.query(
      `INSERT INTO installations (id, team_id, slug, provider, usage, default_size, batteries, public_jwk,
         private_jwk_sealed, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        input.id ?? randomUUID(),
        input.teamId,
        input.slug,
        input.provider,
        input.usage,
        input.defaultSize,
        JSON.stringify(input.batteries),
        JSON.stringify(input.publicJwk),
        input.privateJwkSealed,
        input.createdBy,
      ],
    );
    return row && toInstallation(row);
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

/** A team's installations, newest first. */
export async function listInstallations(sql: Sql, teamId: string): Promise<Installation[]> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM installations WHERE team_id = $1 ORDER BY created_at DESC, slug`,
    [teamId],
  );
  return rows.map(toInstallation);
}

/** One installation of `teamId`; undefined for another team's (or no) installation. */
export async function getTeamInstallation(
  sql: Sql,
  teamId: string,
  id: string,
): Promise<Installation | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql.query(`SELECT ${COLUMNS} FROM installations WHERE id = $1 AND team_id = $2`, [
    id,
    teamId,
  ]);
  return row && toInstallation(row);
}

/** One installation by id alone: only for the installation-facing API (spec, reports), where the id is the capability. */
export async function getInstallation(sql: Sql, id: string): Promise<Installation | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql.query(`SELECT ${COLUMNS} FROM installations WHERE id = $1`, [id]);
  return row && toInstallation(row);
}

export async function deleteInstallation(sql: Sql, teamId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await sql.query('DELETE FROM installations WHERE id = $1 AND team_id = $2 RETURNING id', [
    id,
    teamId,
  ]);
  return rows.length > 0;
}

/**
 * Stores a verified report. `replayed` when the installation already sent a report with this `jti`. The first
 * report retires the installation's private key (as in the original): the spec that carries it is no longer served.
 */
export async function recordReport(
  sql: Sql,
  input: { installationId: string; jti: string; issuedAt: Date; receivedAt: Date; report: UsageReport },
): Promise<'stored' | 'replayed'> {
  return sql.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO usage_reports (installation_id, jti, issued_at, received_at, report) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (installation_id, jti) DO NOTHING RETURNING id`,
      [input.installationId, input.jti, input.issuedAt, input.receivedAt, JSON.stringify(input.report)],
    );
    if (inserted.length === 0) return 'replayed';
    await tx.query(
      `UPDATE installations SET first_report_at = $2, private_jwk_sealed = NULL
       WHERE id = $1 AND first_report_at IS NULL`,
      [input.installationId, input.receivedAt],
    );
    return 'stored';
  });
}

/** Reports received since `since` (oldest first), at most `limit` of the newest. */
export async function listReports(
  sql: Sql,
  installationId: string,
  { since = new Date(0), limit = 2000 }: { since?: Date; limit?: number } = {},
): Promise<StoredReport[]> {
  const rows = await sql.query(
    `SELECT * FROM (SELECT id, jti, issued_at, received_at, report FROM usage_reports
       WHERE installation_id = $1 AND received_at >= $2 ORDER BY received_at DESC, id DESC LIMIT $3) r
     ORDER BY received_at, id`,
    [installationId, since, limit],
  );
  return rows.map((row) => ({
    jti: text(row, 'jti'),
    issuedAt: timestamp(row, 'issued_at'),
    receivedAt: timestamp(row, 'received_at'),
    report: json(row, 'report') as UsageReport,
  }));
}
