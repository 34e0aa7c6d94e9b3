import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Metrics } from '../observe/metrics.js';
import type { ApiOptions } from './api-options.js';
import { bearerAuth, tokenRoles } from './auth.js';
import { accessRoutes } from './access-routes.js';
import { enforceRoles } from './principal.js';
import { consoleSignIn } from './sso-settings.js';
import { batteryRoutes } from './battery-routes.js';
import { catalogRoutes } from './catalog-routes.js';
import { consoleStatic } from './console-static.js';
import { eventRoutes } from './event-routes.js';
import { createHealthApp } from './health-app.js';
import { instanceRoutes } from './instance-routes.js';
import { capacityRoutes } from './capacity-routes.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { objectRoutes } from './object-routes.js';
import { openApiDocument } from './openapi.js';
import { passRoutes } from './pass-routes.js';
import { previewRoutes } from './preview-routes.js';
import { ApiProblem, sendProblem } from './problem.js';
import { rollbackRoutes } from './rollback-routes.js';
import { securityHeaders } from './security-headers.js';
import { sessionRoutes } from './session-routes.js';
import { StreamTickets } from './stream-tickets.js';
import { workloadRoutes } from './workload-routes.js';
import { userRoutes } from './user-routes.js';

/** Battery specs and previews are small; anything bigger is refused before it is read. */
const MAX_BODY_BYTES = 1 << 20;

/** The event stream's path: the one route that also takes `?ticket=` (EventSource cannot send headers). */
export const EVENTS_PATH = '/api/v1/events';

/**
 * The JSON API under `/api/v1` (bearer token), `/api/openapi.json` (open), with every error answered as
 * problem+json by one mapper. Testable without a socket: `await createApiApp(options).request('/api/v1/catalog')`.
 * @example serve({ fetch: createApiApp(options).fetch, port: 4000 })
 */
export function createApiApp(options: ApiOptions): Hono {
  const app = new Hono();
  const tickets = new StreamTickets();
  const roles = tokenRoles(options);
  app.use('*', securityHeaders());
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  const signIn = () => consoleSignIn(options.view.batteries(), options.keycloakUrl);
  // How the console signs in: Keycloak (authorization code + PKCE) while sso is installed, else the API token.
  app.get('/api/auth/config', (c) => {
    const settings = signIn();
    return c.json(
      settings
        ? {
            mode: 'oidc' as const,
            issuer: settings.issuer,
            clientId: settings.clientId,
            authorizationEndpoint: settings.authorizationEndpoint,
            tokenEndpoint: settings.tokenEndpoint,
            endSessionEndpoint: settings.endSessionEndpoint,
          }
        : { mode: 'token' as const },
    );
  });
  app.use('/api/v1/*', bearerAuth({ roles, ticketPaths: [EVENTS_PATH], tickets, oidc: signIn }));
  app.use('/api/v1/*', enforceRoles());
  app.use(
    '/api/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiProblem(
          413,
          'payload-too-large',
          `request bodies are limited to ${MAX_BODY_BYTES} bytes`,
        );
      },
    }),
  );
  // Routes that read the operator's cache wait for it: before it syncs, lists would be empty and plans wrong.
  // Passes, documents, object history and the event stream read only the store or the bus.
  const storeOnly = /^\/api\/v1\/(passes|documents|objects\/history|events|session)(\/|$)/;
  app.use('/api/v1/*', async (c, next) => {
    if (options.isReady && !storeOnly.test(c.req.path) && !(await options.isReady())) {
      c.header('Retry-After', '2');
      throw new ApiProblem(
        503,
        'not-ready',
        "the operator's cache has not synced with the cluster yet; retry shortly",
      );
    }
    await next();
  });
  const v1 = new Hono();
  v1.route('/', catalogRoutes(options));
  v1.route('/', accessRoutes(options));
  v1.route('/', batteryRoutes(options));
  v1.route('/', instanceRoutes(options));
  v1.route('/', previewRoutes(options));
  v1.route('/', passRoutes(options));
  v1.route('/', objectRoutes(options));
  v1.route('/', rollbackRoutes(options));
  v1.route('/', sessionRoutes());
  v1.route(
    '/',
    eventRoutes(options, {
      tickets,
      roles,
      ...(options.maxStreamsPerToken ? { maxStreamsPerToken: options.maxStreamsPerToken } : {}),
    }),
  );
  v1.route('/', workloadRoutes(options));
  v1.route('/', metricsRoutes(options));
  v1.route('/', capacityRoutes(options));
  v1.route('/', userRoutes(options));
  app.route('/api/v1', v1);
  app.all('/api/*', (c) => {
    throw new ApiProblem(404, 'not-found', `no route ${c.req.method} ${c.req.path}`);
  });
  app.onError((error, c) => {
    if (!(error instanceof ApiProblem) || error.status >= 500) {
      options.logger?.error(
        { err: error instanceof Error ? error.message : String(error), path: c.req.path },
        'api error',
      );
    }
    return sendProblem(c, error);
  });
  app.notFound((c) =>
    sendProblem(c, new ApiProblem(404, 'not-found', `no route ${c.req.method} ${c.req.path}`)),
  );
  return app;
}

export interface ControlAppOptions extends ApiOptions {
  isReady: () => boolean | Promise<boolean>;
  metrics: Metrics;
}

/**
 * Everything the operator serves on one port: the open `/healthz`, `/readyz` and `/metrics`, the API, and the
 * built console at `/` (when `consoleDir` is given).
 */
export function createControlApp(options: ControlAppOptions): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.route('/', createHealthApp(options));
  if (options.consoleDir) app.use('*', consoleStatic(options.consoleDir));
  app.route('/', createApiApp(options));
  app.onError((error, c) => sendProblem(c, error));
  app.notFound((c) =>
    sendProblem(c, new ApiProblem(404, 'not-found', `no route ${c.req.method} ${c.req.path}`)),
  );
  return app;
}
