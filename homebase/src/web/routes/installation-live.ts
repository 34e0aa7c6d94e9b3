import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { tokenHash } from '../../crypto/tokens.js';
import { requireTeam, type HomeBaseEnv } from '../context.js';
import { HttpProblem, notFound } from '../problem.js';
import { installationSection } from './installations.js';

export interface LiveOptions {
  /** How often an open stream looks for a new report (one indexed query returning at most one row). @default 2000 */
  pollMs?: number;
  /** Open streams per user; one more answers 429. @default 4 */
  maxStreamsPerUser?: number;
  /** A stream ends after this long and the browser reconnects, signing in again. @default 600000 (10 min) */
  maxStreamMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream. @default 20000 */
  keepAliveMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `GET /installations/:id/live`: a server-sent event stream for the installation page. It sends `report` (the
 * page's changing section, server-rendered) at once and again whenever a usage report arrives, and `end` when the
 * session or the installation is gone. Signed-in and team-scoped like the page (another team's id is a 404), takes
 * no body, and is bounded: a few streams per user, a maximum lifetime, and every poll re-checks the session and
 * the team's installation, so logging out or deleting ends the stream. Polling the store (not an in-process
 * signal) means a report received by another Home Base replica shows too.
 */
export function installationLiveRoutes({
  pollMs = 2000,
  maxStreamsPerUser = 4,
  maxStreamMs = 600_000,
  keepAliveMs = 20_000,
}: LiveOptions = {}): Hono<HomeBaseEnv> {
  const app = new Hono<HomeBaseEnv>();
  const open = new Map<string, number>();

  app.get('/installations/:id/live', async (c) => {
    const session = requireTeam(c);
    if ((c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding')) {
      throw new HttpProblem(400, 'No body expected', 'The live stream is a GET without a body.');
    }
    const deps = c.get('deps');
    const { teamId, userId } = session;
    const id = c.req.param('id');
    const installation = await deps.store.getTeamInstallation(teamId, id);
    if (!installation) throw notFound('installation');
    if ((open.get(userId) ?? 0) >= maxStreamsPerUser) {
      throw new HttpProblem(
        429,
        'Too many live pages',
        `At most ${maxStreamsPerUser} installation pages can update live at once; close one and reload.`,
        { 'retry-after': '30' },
      );
    }
    open.set(userId, (open.get(userId) ?? 0) + 1);
    c.header('cache-control', 'no-store');
    c.header('x-accel-buffering', 'no');

    return streamSSE(c, async (stream) => {
      let isOpen = true;
      stream.onAbort(() => {
        isOpen = false;
      });
      try {
        const startedAt = Date.now();
        let since = deps.now();
        let lastJti = (await deps.store.listReports(id, { limit: 1 }))[0]?.jti;
        await stream.writeSSE({
          event: 'report',
          data: String(await installationSection(deps, installation)),
        });
        let lastWrite = Date.now();
        while (isOpen && Date.now() - startedAt < maxStreamMs) {
          await sleep(pollMs);
          if (!isOpen) break;
          const now = deps.now();
          const stillSignedIn = await deps.store.getSession(tokenHash(session.token), now);
          const current = stillSignedIn && (await deps.store.getTeamInstallation(teamId, id));
          if (!current) {
            await stream.writeSSE({ event: 'end', data: 'signed out or installation gone' });
            break;
          }
          const [newest] = await deps.store.listReports(id, { since, limit: 1 });
          if (newest && newest.jti !== lastJti) {
            lastJti = newest.jti;
            since = newest.receivedAt;
            await stream.writeSSE({
              event: 'report',
              data: String(await installationSection(deps, current)),
            });
            lastWrite = Date.now();
          } else if (Date.now() - lastWrite >= keepAliveMs) {
            await stream.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
        }
      } finally {
        open.set(userId, (open.get(userId) ?? 1) - 1);
        if (open.get(userId) === 0) open.delete(userId);
      }
    });
  });
  return app;
}
