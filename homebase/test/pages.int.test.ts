// Home Base's pages in headless Chromium at phone and desktop widths, with the shared look, and the installation
// page updating live (server-sent events) when a usage report arrives — no reload. Screenshots are committed
// beside the site's (site/screenshots/homebase/, with BI_UPDATE_SCREENSHOTS=1).
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { installSpecSchema } from '@batteries-included/batteries';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { Page } from 'playwright-core';
import { pageBasics, saveScreenshot } from '@batteries-included/site/testing';
import { launchChromium, type TestBrowser } from '@batteries-included/testenv';
import { createSecretBox } from '../src/crypto/secret-box.js';
import type { Store } from '../src/store/store.js';
import { freshPgliteStore, TEST_SECRET } from '../src/testing/harness.js';
import { signReportToken } from '../src/testing/report-token.js';
import { createHomeBaseApp } from '../src/web/app.js';

const WIDTHS = [
  { label: 'phone', width: 390, height: 844 },
  { label: 'desktop', width: 1440, height: 900 },
] as const;

describe('Home Base pages in Chromium', () => {
  let store: Store;
  let server: ServerType;
  let baseUrl: string;
  let chromium: TestBrowser;
  let page: Page;
  let installationId: string;
  let installationKey: JWK | undefined;
  const problems: string[] = [];

  /** No script errors and no CSP refusals so far (Chromium reports those as console errors). */
  const expectNoPageProblems = () => expect(problems.splice(0)).toEqual([]);

  /** The page at both widths: readable, nothing overflows, one h1; a screenshot of each. */
  const shootBoth = async (name: string, h1: string) => {
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      expect(await pageBasics(page)).toMatchObject({
        lang: 'en',
        h1: [h1],
        overflowsHorizontally: false,
        brokenImages: [],
      });
      await saveScreenshot(page, `homebase/${name}-${size.label}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };

  const sendReport = async (report: { nodes: number; pods: number }) => {
    const api = (path: string, init?: RequestInit) => fetch(`${baseUrl}/api/v1${path}`, init);
    // The spec (and the key it carries) is served only until the first report: keep the key.
    if (!installationKey) {
      const spec = ((await (await api(`/installations/${installationId}/spec`)).json()) as { jws: string })
        .jws;
      const keys = createLocalJWKSet((await (await api('/keys')).json()) as { keys: JWK[] });
      const { payload } = await jwtVerify(spec, keys);
      installationKey = installSpecSchema.parse(payload.spec).homeBase!.installationKey as JWK;
    }
    const key = installationKey;
    const body = {
      version: '0.1.0',
      batteries: ['core', 'redis'],
      podsByNode: { 'node-0': report.pods },
      ...report,
    };
    const response = await api(`/installations/${installationId}/usage_reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jws: await signReportToken(key, installationId, body) }),
    });
    expect(response.status).toBe(201);
  };

  beforeAll(async () => {
    store = await freshPgliteStore();
    // Listen first: Home Base needs its own origin (with the port) for its same-origin checks on form posts.
    let fetchApp: (request: Request, env: unknown) => Response | Promise<Response> = () =>
      new Response('starting', { status: 503 });
    server = serve({ fetch: (request, env) => fetchApp(request, env), port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { app } = createHomeBaseApp({
      store,
      box: createSecretBox(TEST_SECRET),
      baseUrl,
      showOutbox: true,
      live: { pollMs: 200 },
    });
    fetchApp = (request, env) => app.fetch(request, env);
    chromium = await launchChromium({ viewport: { width: 1440, height: 900 } });
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await store?.close();
  });

  it('shows sign-up and log-in in the shared look', async () => {
    await page.goto(`${baseUrl}/signup`);
    const brand = await page.evaluate(
      () => getComputedStyle(document.querySelector('main button[type=submit]')!).backgroundColor,
    );
    expect(brand).toBe('rgb(196, 24, 95)'); // --bi-color-brand, light: #c4185f
    await shootBoth('signup', 'Sign up');
    await page.goto(`${baseUrl}/login`);
    await shootBoth('login', 'Log in');
    expectNoPageProblems();
  }, 60_000);

  it('signs up, confirms, and shows the new-installation form with styled fields', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('#email', 'pages@example.com');
    await page.fill('#password', 'a long pages password');
    await page.fill('#confirmation', 'a long pages password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${baseUrl}/login?n=check-email`);
    await page.goto(`${baseUrl}/dev/outbox`);
    const link = /http:\/\/\S+\/confirm\/\S+/.exec((await page.textContent('pre.mail')) ?? '')![0];
    await page.goto(link);
    await page.click('main button[type=submit]');
    // Confirming signs nobody in (issue 20): log in next.
    await page.waitForURL(`${baseUrl}/login?n=confirmed`);
    await page.fill('#email', 'pages@example.com');
    await page.fill('#password', 'a long pages password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${baseUrl}/installations`);
    await page.goto(`${baseUrl}/installations/new`);
    await shootBoth('new-installation', 'New installation');
    expectNoPageProblems();
  }, 60_000);

  it('creates an installation; its page goes live and updates when a usage report arrives, without a reload', async () => {
    await page.fill('#slug', 'demo');
    await page.check('input[name=batteries][value=redis]');
    await page.check('input[name=batteries][value=grafana]');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/installations\/[0-9a-f-]{36}$/);
    installationId = page.url().split('/').pop()!;
    await page.getByText('Live: this page updates when a usage report arrives.').waitFor();
    await shootBoth('installation-waiting', 'demo');

    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
    await sendReport({ nodes: 5, pods: 42 });
    await page.locator('#nodes').waitFor();
    expect(await page.textContent('#nodes')).toBe('5');
    expect(await page.textContent('#pods')).toBe('42');
    expect(await page.locator('#install-command').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
    await sendReport({ nodes: 5, pods: 57 });
    await page.waitForFunction(() => document.getElementById('pods')?.textContent === '57');
    await page.getByText(/Live: updated at/).waitFor();
    await shootBoth('installation-live', 'demo');
    expectNoPageProblems();
  }, 60_000);

  it('lists the installation', async () => {
    await page.goto(`${baseUrl}/installations`);
    expect(await page.textContent('main table')).toContain('reporting');
    await shootBoth('installations', 'Installations');
    expectNoPageProblems();
  }, 60_000);
});
