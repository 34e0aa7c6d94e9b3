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
  /** Serve `/dev/outbox` (development only; refused unless the base URL is plain http on a loopback host). */
  showOutbox: boolean;
  /** How many reverse proxies in front of Home Base append to `X-Forwarded-For` (0: use the socket address). */
  trustProxy: number;
  /** The bearer token `/metrics` requires; without one `/metrics` is not served. */
  metricsToken?: string;
}

/**
 * Configuration from the environment, with embedded defaults: port 4100 on 127.0.0.1, PGlite in
 * `./.data/homebase/db`, and a secret generated once into `./.data/homebase/secret` (mode 0600) unless
 * `HOME_BASE_SECRET` is set. The dev outbox page is off unless `HOME_BASE_DEV_OUTBOX=true` (development only: it
 * shows every confirmation and reset link). `HOME_BASE_TRUST_PROXY` is the number of trusted proxies in front
 * (`true` means one); `HOME_BASE_METRICS_TOKEN` turns `/metrics` on behind that bearer token.
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
    showOutbox: env.HOME_BASE_DEV_OUTBOX === 'true',
    trustProxy: trustedHops(env.HOME_BASE_TRUST_PROXY),
    metricsToken: env.HOME_BASE_METRICS_TOKEN || undefined,
  };
}

function trustedHops(value: string | undefined): number {
  if (!value || value === 'false') return 0;
  if (value === 'true') return 1;
  if (!/^\d{1,2}$/.test(value)) {
    throw new Error(
      `HOME_BASE_TRUST_PROXY=${value}: expected the number of trusted proxies in front of Home Base (0, 1, 2, …) or true (one)`,
    );
  }
  return Number(value);
}

function secretFile(dataDir: string): { secret: string; source: 'generated file' | 'existing file' } {
  const path = join(dataDir, 'secret');
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), source: 'existing file' };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, source: 'generated file' };
}
