import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HomeBaseConfig {
  port: number;
  host: string;
  /** Public base URL (what install commands and links use). */
  baseUrl: string;
  databaseUrl?: string;
  /** Where embedded PGlite and a generated secret live. */
  dataDir: string;
  /** Seals private keys at rest and derives the CSRF key. */
  secret: string;
  /** Where the secret came from, for the start-up log. */
  secretSource: 'HOME_BASE_SECRET' | 'generated file' | 'existing file';
  smtpUrl?: string;
  showOutbox: boolean;
  trustProxy: boolean;
}

/**
 * Configuration from the environment, with embedded defaults: port 4100 on 127.0.0.1, PGlite in
 * `./.data/homebase/db`, and a secret generated once into `./.data/homebase/secret` (mode 0600) unless
 * `HOME_BASE_SECRET` is set. The dev outbox page is on unless `HOME_BASE_OUTBOX=false` or SMTP is configured.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): HomeBaseConfig {
  const port = Number(env.PORT ?? 4100);
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = env.HOME_BASE_DATA_DIR ?? './.data/homebase';
  const { secret, source } = env.HOME_BASE_SECRET
    ? { secret: env.HOME_BASE_SECRET, source: 'HOME_BASE_SECRET' as const }
    : secretFile(dataDir);
  return {
    port,
    host,
    baseUrl: (env.HOME_BASE_URL ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    secret,
    secretSource: source,
    smtpUrl: env.SMTP_URL || undefined,
    showOutbox: env.HOME_BASE_OUTBOX ? env.HOME_BASE_OUTBOX === 'true' : !env.SMTP_URL,
    trustProxy: env.HOME_BASE_TRUST_PROXY === 'true',
  };
}

function secretFile(dataDir: string): { secret: string; source: 'generated file' | 'existing file' } {
  const path = join(dataDir, 'secret');
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), source: 'existing file' };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, source: 'generated file' };
}
