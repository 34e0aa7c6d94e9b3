import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Mailer } from '../mail/mailer.js';
import type { Keyring } from '../signing/keys.js';
import type { Store } from '../store/store.js';
import type { Session } from '../store/types.js';
import type { PageContext } from './layout.js';
import type { Metrics } from './metrics.js';
import { HttpProblem } from './problem.js';
import type { RateLimiter, RateLimits } from './rate-limit.js';

/** What every route handler can reach. */
export interface Deps {
  store: Store;
  box: SecretBox;
  keyring: Keyring;
  mailer: Mailer;
  limiter: RateLimiter;
  limits: RateLimits;
  metrics: Metrics;
  logger: Logger;
  /** Home Base's public base URL without a trailing slash, e.g. `https://home.example.com`. */
  baseUrl: string;
  now: () => Date;
  /** Serve `/dev/outbox`. */
  showOutbox: boolean;
  cookieNames: { session: string; anonymous: string };
  isHttps: boolean;
}

export interface SignedIn extends Session {
  /** The raw session token from the cookie (the database holds its hash). */
  token: string;
  teamName?: string;
  isTeamAdmin: boolean;
}

export type HomeBaseEnv = {
  Variables: {
    deps: Deps;
    session?: SignedIn;
    csrfToken: string;
    ip: string;
  };
};

export type HomeBaseContext = Context<HomeBaseEnv>;

export function pageContext(c: HomeBaseContext): PageContext {
  const session = c.get('session');
  return { csrfToken: c.get('csrfToken'), email: session?.email, teamName: session?.teamName };
}

/** The signed-in session, or a 401 that the error mapper turns into a redirect to the login page. */
export function requireSession(c: HomeBaseContext): SignedIn {
  const session = c.get('session');
  if (!session) throw new HttpProblem(401, 'Sign in required', 'Log in to see this page.');
  return session;
}

/** The signed-in session's active team (every team-scoped query filters by it). */
export function requireTeam(c: HomeBaseContext): SignedIn & { teamId: string } {
  const session = requireSession(c);
  if (!session.teamId) throw new HttpProblem(403, 'No team', 'Create or join a team first (Teams page).');
  return session as SignedIn & { teamId: string };
}

/** One string field of a parsed form body, trimmed ('' when missing). */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}
