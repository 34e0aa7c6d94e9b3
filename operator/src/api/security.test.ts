// Issue 20, control-server items 15–19: each test is an attack through `app.request()` that failed before the fix.
// The rotation of tokens through a real watch (item 17) is in security-token-rotation.int.test.ts; docs/security.md
// maps each defence to its test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createPgliteSql } from '@batteries-included/sql';
import { EventBus } from '../engine/event-bus.js';
import { Metrics } from '../observe/metrics.js';
import { createStore, type Store } from '../store/store.js';
import { createApiApp, createControlApp } from './app.js';
import { VIEWER_POSTS } from './auth.js';
import { PROBLEM_BASE } from './problem.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- problem bodies are checked field by field
const json = async (response: Response) => (await response.json()) as Record<string, any>;

const ADMIN = 'admin-token-0123456789';
const VIEWER = 'viewer-token-0123456789';

describe('security: the control server (console and API)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  let store: Store;
  const requested: string[] = [];
  const appWith = (extra: { maxStreamsPerToken?: number } = {}) =>
    createControlApp({
      store,
      config,
      view: { batteries: () => [], live: () => new Map() },
      bus: new EventBus(),
      requestPass: (reason) => requested.push(reason),
      token: () => ADMIN,
      viewerToken: () => VIEWER,
      isReady: () => true,
      metrics: new Metrics(),
      consoleDir: dir,
      ...extra,
    });
  const as = (token: string | null, init: RequestInit = {}) => ({
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const ticketFor = async (app: ReturnType<typeof appWith>, token: string) =>
    (
      (await (await app.request('/api/v1/events/tickets', as(token, { method: 'POST' }))).json()) as {
        ticket: string;
      }
    ).ticket;

  beforeAll(async () => {
    store = await createStore(await createPgliteSql());
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('15. the console and the API send a CSP, frame denial, nosniff and a referrer policy', async () => {
    const app = appWith();
    for (const path of ['/', '/passes/3', '/api/v1/catalog', '/api/v1/nothing', '/healthz']) {
      const response = await app.request(path, as(ADMIN));
      const csp = response.headers.get('content-security-policy') ?? '';
      expect([path, csp]).toEqual([path, expect.stringContaining("default-src 'self'")]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('16. a malformed % in a console path is a 400 problem, not a 500', async () => {
    for (const path of ['/%E0%A4%A', '/passes/%', '/%zz']) {
      const response = await appWith().request(path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(response)).type).toBe(`${PROBLEM_BASE}bad-request`);
    }
  });

  it('17. the viewer token reads, and gets 403 naming its role on every write route', async () => {
    const app = appWith();
    const session = await (await app.request('/api/v1/session', as(VIEWER))).json();
    expect(session).toEqual({ name: 'viewer-token', role: 'viewer', via: 'token' });
    expect(await (await app.request('/api/v1/session', as(ADMIN))).json()).toEqual({
      name: 'api-token',
      role: 'admin',
      via: 'token',
    });
    expect((await app.request('/api/v1/batteries', as(VIEWER))).status).toBe(200);
    expect((await app.request('/api/v1/passes', as(VIEWER))).status).toBe(200);
    // Every route that is not a read: from the app's own route table, so a new write route is covered too.
    const writes = [
      ...new Set(
        app.routes
          .filter((r) => r.path.startsWith('/api/v1/') && !['GET', 'HEAD', 'ALL'].includes(r.method))
          .filter((r) => !(r.method === 'POST' && VIEWER_POSTS.includes(r.path)))
          .map((r) => `${r.method} ${r.path.replace(':type', 'redis').replace(':passId', '1')}`),
      ),
    ];
    expect(writes).toEqual(
      expect.arrayContaining([
        'PUT /api/v1/batteries/redis',
        'DELETE /api/v1/batteries/redis',
        'POST /api/v1/passes',
      ]),
    );
    for (const write of writes) {
      const [method, path] = write.split(' ') as [string, string];
      const response = await app.request(path, as(VIEWER, { method, body: JSON.stringify({ spec: {} }) }));
      expect([write, response.status]).toEqual([write, 403]);
      const problem = await json(response);
      expect(problem).toMatchObject({ type: `${PROBLEM_BASE}forbidden`, role: 'viewer' });
      expect(problem.detail).toContain('the viewer token is read-only');
    }
    expect(requested).toEqual([]);
    // The admin token still writes (a pass request needs nothing from the cluster).
    expect((await app.request('/api/v1/passes', as(ADMIN, { method: 'POST' }))).status).toBe(202);
  });

  it('17. rotating a token also ends the event streams it opened', async () => {
    let admin = ADMIN;
    const app = createApiApp({
      store,
      config,
      view: { batteries: () => [], live: () => new Map() },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => admin,
      viewerToken: () => VIEWER,
      keepAliveMs: 20,
    });
    const response = await app.request('/api/v1/events', as(ADMIN));
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': keep-alive'))
      text += decoder.decode((await reader.read()).value, { stream: true });
    admin = 'rotated-admin-token-0123456789';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toMatch(/event: end\ndata: \{"reason":"token-rotated"\}/);
  });

  it('18. the event stream refuses ?access_token= and takes only single-use, short-lived tickets', async () => {
    const app = appWith();
    const inUrl = await app.request(`/api/v1/events?access_token=${ADMIN}`);
    expect(inUrl.status).toBe(401);
    expect((await json(inUrl)).detail).toContain('?access_token= is not accepted');
    // A ticket needs the bearer token.
    expect((await app.request('/api/v1/events/tickets', as(null, { method: 'POST' }))).status).toBe(401);
    const minted = await app.request('/api/v1/events/tickets', as(VIEWER, { method: 'POST' }));
    expect(minted.status).toBe(201);
    const { ticket, expiresAt } = (await minted.json()) as { ticket: string; expiresAt: string };
    expect(ticket).not.toContain(VIEWER);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
    const stream = await app.request(`/api/v1/events?ticket=${ticket}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // Single use: the URL a proxy logged is worth nothing.
    const replay = await app.request(`/api/v1/events?ticket=${ticket}`);
    expect(replay.status).toBe(401);
    expect((await json(replay)).detail).toContain('unknown, used or expired');
    // A ticket opens the event stream only.
    const other = await ticketFor(app, ADMIN);
    expect((await app.request(`/api/v1/batteries?ticket=${other}`)).status).toBe(401);
  });

  it('19. one token may hold only a few event streams; one more is a 429 problem', async () => {
    const app = appWith({ maxStreamsPerToken: 2 });
    const open: Response[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await app.request('/api/v1/events', as(ADMIN));
      expect(response.status).toBe(200);
      open.push(response);
    }
    const refused = await app.request(`/api/v1/events?ticket=${await ticketFor(app, ADMIN)}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await json(refused)).toMatchObject({ type: `${PROBLEM_BASE}too-many-streams`, limit: 2 });
    // Another token is not affected; closing a stream frees its place.
    const viewer = await app.request('/api/v1/events', as(VIEWER));
    expect(viewer.status).toBe(200);
    await viewer.body?.cancel();
    await open[0]!.body!.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await app.request('/api/v1/events', as(ADMIN));
    expect(again.status).toBe(200);
    await again.body?.cancel();
    await open[1]!.body!.cancel();
  });

  it('the API app alone (without the console) sends the same headers', async () => {
    const app = createApiApp({
      store,
      config,
      view: { batteries: () => [], live: () => new Map() },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => ADMIN,
    });
    const response = await app.request('/api/v1/catalog', as(ADMIN));
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
