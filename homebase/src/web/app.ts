import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { SecretBox } from '../crypto/secret-box.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { createKeyring, type Keyring } from '../signing/keys.js';
import type { Store } from '../store/store.js';
import { pageContext, type Deps, type HomeBaseEnv } from './context.js';
import { page } from './layout.js';
import { Metrics } from './metrics.js';
import { HttpProblem } from './problem.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { apiRoutes } from './routes/api.js';
import { authRoutes } from './routes/auth.js';
import { installationLiveRoutes, type LiveOptions } from './routes/installation-live.js';
import { installationRoutes } from './routes/installations.js';
import { teamRoutes } from './routes/teams.js';
import { clientAddress } from './client-address.js';
import { assertDevOutboxAllowed } from './dev-outbox.js';
import { requireMetricsToken } from './metrics-auth.js';
import { securityHeaders } from './security-headers.js';
import { COPY_JS, LIVE_JS, STYLE_CSS } from './static-assets.js';
import { loadSession, requireCsrf } from './session.js';

export interface HomeBaseAppOptions {
  store: Store;
  box: SecretBox;
  /** Home Base's public base URL, e.g. `https://home.batteriesincl.com`; https turns on Secure `__Host-` cookies and HSTS. */
  baseUrl: string;
  /** @default an outbox-only mailer over `store` */
  mailer?: Mailer;
  /** @default a keyring over `store` sealed by `box` */
  keyring?: Keyring;
  /** @default () => new Date() */
  now?: () => Date;
  rateLimits?: Partial<RateLimits>;
  /**
   * Serve `/dev/outbox` (development only: it shows every mail, links included). Refused — the factory throws —
   * unless `baseUrl` is plain http on a loopback host. @default false
   */
  showOutbox?: boolean;
  /**
   * How many trusted reverse proxies append to `X-Forwarded-For`; the client address is the entry that many from
   * the right (see `clientAddress`). @default 0: the socket's address
   */
  trustProxy?: number;
  /** The bearer token `/metrics` requires. @default none: `/metrics` answers 404 */
  metricsToken?: string;
  logger?: Logger;
  /** The installation page's live stream: poll interval, streams per user, lifetime. */
  live?: LiveOptions;
}

export interface HomeBaseApp {
  app: Hono<HomeBaseEnv>;
  deps: Deps;
}

/** Every request body (forms, reports) is at most this; larger ones are refused before anything reads them. */
export const MAX_BODY_BYTES = 64 * 1024;

const STATIC: Record<string, { type: string; body: string }> = {
  '/static/copy.js': { type: 'text/javascript; charset=utf-8', body: COPY_JS },
  '/static/live.js': { type: 'text/javascript; charset=utf-8', body: LIVE_JS },
  '/static/style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
};

/**
 * Home Base as a Hono app: server-rendered pages, the `/api/v1` JSON API, `/healthz` and `/metrics`.
 * @example const { app } = createHomeBaseApp({ store, box, baseUrl: 'http://127.0.0.1:4100' })
 */
export function createHomeBaseApp(options: HomeBaseAppOptions): HomeBaseApp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const isHttps = new URL(baseUrl).protocol === 'https:';
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? (() => new Date());
  if (options.showOutbox) assertDevOutboxAllowed(baseUrl);
  const deps: Deps = {
    store: options.store,
    box: options.box,
    keyring: options.keyring ?? createKeyring(options.store, options.box, now),
    mailer: options.mailer ?? createMailer(options.store, { logger, now }),
    limiter: new RateLimiter(() => now().getTime()),
    limits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
    metrics: new Metrics(),
    logger,
    baseUrl,
    now,
    showOutbox: options.showOutbox ?? false,
    cookieNames: isHttps
      ? { session: '__Host-bi_session', anonymous: '__Host-bi_anon' }
      : { session: 'bi_session', anonymous: 'bi_anon' },
    isHttps,
  };

  const app = new Hono<HomeBaseEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const socketAddress = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
      ?.incoming?.socket?.remoteAddress;
    c.set('ip', clientAddress(c.req.header('x-forwarded-for'), socketAddress, options.trustProxy ?? 0));
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    deps.metrics.inc('homebase_http_requests_total', 'HTTP requests by method, route and status.', {
      method: c.req.method,
      route,
      status: String(c.res.status),
    });
    logger.info(
      { method: c.req.method, route, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use('*', securityHeaders({ isHttps }));
  // Before anything parses a body (the CSRF check reads every form, signed out, on any path).
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpProblem(
          413,
          'Request too large',
          `A request body may be at most ${MAX_BODY_BYTES / 1024} KiB.`,
        );
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', requireMetricsToken(options.metricsToken), (c) =>
    c.text(deps.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  );
  app.get('/static/:file', (c) => {
    const file = STATIC[c.req.path];
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'content-type': file.type, 'cache-control': 'public, max-age=3600' });
  });
  app.route('/api/v1', apiRoutes());

  app.use('*', loadSession());
  app.use('*', requireCsrf());
  app.get('/', (c) => (c.get('session') ? c.redirect('/installations') : c.redirect('/login')));
  app.route('/', authRoutes());
  app.route('/', installationLiveRoutes(options.live));
  app.route('/', installationRoutes());
  app.route('/', teamRoutes());
  app.get('/dev/outbox', async (c) => {
    if (!deps.showOutbox) return c.notFound();
    const mails = await deps.store.listOutbox();
    return c.html(
      page(
        pageContext(c),
        'Outbox (development)',
        html`<p class="muted">
            Every mail Home Base queued, newest first. Shown only when the outbox page is enabled.
          </p>
          ${mails.map(
            (m) =>
              html`<article class="mail">
                <h2>${m.subject}</h2>
                <p>To ${m.to} · ${m.createdAt.toISOString()}</p>
                <pre class="mail">${m.body}</pre>
              </article>`,
          )}`,
      ),
    );
  });

  const respond = (error: Error, c: Context<HomeBaseEnv>) => {
    const problem =
      error instanceof HttpProblem
        ? error
        : new HttpProblem(500, 'Internal error', 'Something went wrong on our side; it has been logged.');
    if (!(error instanceof HttpProblem))
      logger.error({ err: error.message, stack: error.stack }, 'unhandled error');
    for (const [name, value] of Object.entries(problem.headers)) c.header(name, value);
    if (c.req.path.startsWith('/api/')) {
      return c.json(
        { type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail },
        problem.status,
        { 'content-type': 'application/problem+json' },
      );
    }
    // A page's 401 sends the browser to log in; a bearer-token 401 (it names its scheme) stays a 401.
    if (problem.status === 401 && c.req.method === 'GET' && !problem.headers['www-authenticate'])
      return c.redirect('/login', 303);
    const ctx = c.get('csrfToken') ? pageContext(c) : { csrfToken: '' };
    return c.html(
      page(ctx, problem.title, html`<p class="notice error" role="alert">${problem.detail}</p>`),
      problem.status,
    );
  };
  app.notFound((c) => respond(new HttpProblem(404, 'Not found', 'There is no such page.'), c));
  app.onError(respond);
  return { app, deps };
}
