import type { Migration } from '@batteries-included/sql';

/** Home Base's schema, oldest first (original: `pu/home_base/priv/repo/migrations`). */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts-teams-installations-reports',
    statements: [
      `CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX users_email ON users (lower(email))`,
      `CREATE TABLE user_tokens (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        context text NOT NULL CHECK (context IN ('confirm', 'reset')),
        sent_to text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE TABLE teams (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        is_admin boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id)
      )`,
      `CREATE TABLE team_invitations (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        email text NOT NULL,
        is_admin boolean NOT NULL,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE UNIQUE INDEX team_invitations_email ON team_invitations (team_id, lower(email))`,
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        team_id uuid REFERENCES teams (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX sessions_user ON sessions (user_id)`,
      `CREATE TABLE installations (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        slug text NOT NULL,
        provider text NOT NULL CHECK (provider IN ('kind', 'aws', 'provided')),
        usage text NOT NULL,
        default_size text NOT NULL,
        batteries jsonb NOT NULL,
        public_jwk jsonb NOT NULL,
        private_jwk_sealed text,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        first_report_at timestamptz,
        UNIQUE (team_id, slug)
      )`,
      `CREATE TABLE usage_reports (
        id bigserial PRIMARY KEY,
        installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
        jti text NOT NULL,
        issued_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        report jsonb NOT NULL,
        UNIQUE (installation_id, jti)
      )`,
      `CREATE INDEX usage_reports_time ON usage_reports (installation_id, received_at)`,
      `CREATE TABLE signing_keys (
        seq bigserial UNIQUE,
        kid text PRIMARY KEY,
        public_jwk jsonb NOT NULL,
        private_jwk_sealed text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      `CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        to_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        error text
      )`,
    ],
  },
  {
    version: 2,
    name: 'invitation-expiry-outbox-retention',
    statements: [
      // Invitations expire after 7 days; existing ones count from when they were sent.
      `ALTER TABLE team_invitations ADD COLUMN expires_at timestamptz`,
      `UPDATE team_invitations SET expires_at = created_at + interval '7 days'`,
      `ALTER TABLE team_invitations ALTER COLUMN expires_at SET NOT NULL`,
      // Delivered mail keeps no body (the links in it are credentials); old rows are expired by created_at.
      `UPDATE outbox SET body = '' WHERE sent_at IS NOT NULL`,
      `CREATE INDEX outbox_created ON outbox (created_at)`,
    ],
  },
];
