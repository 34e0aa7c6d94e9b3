// The Home Base journey end to end, as a customer lives it: in headless Chromium, sign up, confirm from the
// outbox, create an installation with batteries and copy its install command; then run that command — `bi start
// <spec URL> --local-operator` from source, with the CLI's kind/docker stand-ins handing back a real control plane
// of this test's own (testenv) — which verifies the signed spec and installs the chosen batteries; the operator it
// starts sends signed usage reports; the installation page then shows the report and the monthly estimate.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import {
  eventually,
  freePort,
  launchChromium,
  startPlatform,
  type Platform,
  type TestBrowser,
} from '@batteries-included/operator/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { createSecretBox } from '../src/crypto/secret-box.js';
import { freshPgliteStore, TEST_SECRET } from '../src/testing/harness.js';
import type { Store } from '../src/store/store.js';
import { createHomeBaseApp } from '../src/web/app.js';
import { installFakeTools, type FakeTools, runBi, type BiResult } from '@batteries-included/cli/testing';

const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

describe('Home Base journey: sign up → installation → bi start → reports → estimate', () => {
  let platform: Platform;
  let fakes: FakeTools;
  let store: Store;
  let server: ServerType;
  let baseUrl: string;
  let browser: TestBrowser | undefined;
  let context: BrowserContext;
  let page: Page;
  let installationUrl: string;
  let command: string;
  let started: BiResult | undefined;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    // Four simulated nodes: one more than the free tier, so the estimate has a priced breakdown.
    // `bi start` installs the CRDs and starts the operator itself: the platform is the bare control plane.
    platform = await startPlatform({ nodes: 4, crds: false, operator: false });
    fakes = installFakeTools({ kubeconfigPath: platform.kubeconfigPath });
    store = await freshPgliteStore();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const { app } = createHomeBaseApp({
      store,
      box: createSecretBox(TEST_SECRET),
      baseUrl,
      showOutbox: true,
    });
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
    browser = await launchChromium({ viewport: { width: 1280, height: 720 } });
    context = browser.context;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    page = context.pages()[0] ?? (await context.newPage());
  }, 240_000);

  afterAll(async () => {
    // Everything this test started: the local operator and the fake Kind cluster (bi stop), Chromium, Home Base,
    // the control plane.
    if (started)
      await runBi(['stop', 'journey', '--timeout', '30'], { env: fakes.env }).catch(() => undefined);
    // Chromium before Home Base: the installation page holds its live event stream open, and server.close() waits
    // for every open connection.
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await store?.close();
    fakes?.cleanup();
    await platform?.stop();
  }, 180_000);

  it('signs up and confirms the email from the outbox', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.fill('#email', 'journey@example.com');
    await page.fill('#password', 'a long journey password');
    await page.fill('#confirmation', 'a long journey password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${baseUrl}/login?n=check-email`);
    expect(await page.textContent('.notice')).toContain('Check your email');

    await page.goto(`${baseUrl}/dev/outbox`);
    const body = await page.textContent('pre.mail');
    const link = /http:\/\/\S+\/confirm\/\S+/.exec(body ?? '')?.[0];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.click('main button[type=submit]');
    // Confirming signs nobody in (issue 20): log in next.
    await page.waitForURL(`${baseUrl}/login?n=confirmed`);
    await page.fill('#email', 'journey@example.com');
    await page.fill('#password', 'a long journey password');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${baseUrl}/installations`);
    expect(await page.textContent('.who')).toContain('journey@example.com');
  }, 60_000);

  it('creates an installation with batteries and copies the install command', async () => {
    await page.click('a[href="/installations/new"]');
    await page.fill('#slug', 'journey');
    await page.selectOption('#provider', 'kind');
    await page.selectOption('#defaultSize', 'tiny');
    await page.check('input[name=batteries][value=redis]');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/installations\/[0-9a-f-]{36}$/);
    installationUrl = page.url();
    const id = installationUrl.split('/').pop()!;
    expect(await page.$$eval('#batteries li', (items) => items.map((li) => li.textContent))).toEqual([
      'core',
      'redis',
    ]);

    await page.click('#copy-command');
    await page.waitForFunction(() => document.getElementById('copy-command')?.textContent === 'Copied');
    command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toBe(`bi start ${baseUrl}/api/v1/installations/${id}/spec`);
    expect((await page.textContent('#install-command'))?.trim()).toBe(command);
    await page.screenshot({ path: join(RESULTS, 'journey-install-command.png'), fullPage: true });
  }, 60_000);

  it('bi start with the copied URL verifies the signed spec and installs the chosen batteries', async () => {
    const [, start, url] = command.split(' ');
    expect(start).toBe('start');
    // This Home Base is self-hosted (local): trusted explicitly; bi otherwise trusts only the pinned production keys.
    started = await runBi(
      [
        'start',
        url!,
        '--home-base-keys',
        `${baseUrl}/api/v1/keys`,
        '--local-operator',
        '--timeout',
        '240',
        '--output',
        'json',
      ],
      {
        env: { ...fakes.env, BI_USAGE_REPORT_INTERVAL_MS: '3000' },
        timeoutMs: 300_000,
      },
    );
    if (started.code !== 0) throw new Error(`bi start exited ${started.code}:\n${started.stderr}`);
    const output = JSON.parse(started.stdout);
    expect(output.batteries.map((b: { type: string; ready: string }) => `${b.type}=${b.ready}`)).toEqual([
      'core=True',
      'redis=True',
    ]);
    expect(fakes.clusters()).toEqual(['journey']);
  }, 320_000);

  it('the operator reports; the installation page shows the report, the usage chart and the estimate', async () => {
    // Reports every 3 s after the first; the chart needs two.
    let shown = '';
    await eventually(
      'the report, the usage chart and the estimate on the installation page',
      async () => {
        await page.goto(installationUrl);
        shown = (await page.textContent('main')) ?? '';
        return Boolean((await page.$('#usage-chart')) && (await page.$('#estimate-total')));
      },
      { timeoutMs: 90_000, intervalMs: 2000, lastSeen: () => shown },
    );
    expect(await page.$('#install-command')).toBeNull();
    expect((await page.textContent('#status'))?.replace(/\s+/g, ' ')).toMatch(
      /Reporting: last report .* \(version 0\.1\.0\)/,
    );
    expect(await page.textContent('#nodes')).toBe('4');
    expect(Number(await page.textContent('#pods'))).toBeGreaterThan(0);
    expect(await page.textContent('#reported-batteries')).toBe('core, redis');
    const estimate = (await page.textContent('#estimate'))?.replace(/\s+/g, ' ');
    expect(estimate).toContain('2 batteries × $5.00 per month');
    expect(estimate).toMatch(/pod-hours \(mean [\d.]+ pods × 730 h\) × \$0\.08/);
    expect(await page.textContent('#estimate-total')).toMatch(/^\$[\d,]+\.\d\d$/);
    await page.screenshot({ path: join(RESULTS, 'journey-installation-report.png'), fullPage: true });

    // The spec carried the installation's private key: now that it reported, it is no longer served.
    const spec = await fetch(command.split(' ')[2]!);
    expect(spec.status).toBe(410);
  }, 120_000);
});
