import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { BatteryDetail, InstanceKinds, PassPage } from '@batteries-included/operator/api-types';
import { appendPodLog, eventually } from '@batteries-included/operator/testing';
import { startConsoleStack, type ConsoleStack } from './stack.js';

const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const DOC_SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
/** `BI_UPDATE_SCREENSHOTS=1` also refreshes the small copies committed for the README. */
const shouldUpdateDocs = process.env.BI_UPDATE_SCREENSHOTS === '1';
const READY_TIMEOUT = 180_000;
/** A wait for the operator's next pass, as the console shows it. */
const WAIT = { timeoutMs: 60_000, intervalMs: 300 };

/**
 * A user's journeys through the built console in headless Chromium, against the real operator and API on a
 * real control plane: install from the catalog and watch batteries become Ready, edit with a preview, open the
 * pass and its diff, look at an object's history, roll back, and be stopped by an invalid value.
 */
describe('the console in Chromium', () => {
  let stack: ConsoleStack;
  let page: Page;
  const pageErrors: string[] = [];

  /** A full-size PNG in test-results; with BI_UPDATE_SCREENSHOTS=1 also a small JPEG for the README. */
  const shot = async (name: string, target: Page = page, { fullPage = true } = {}) => {
    mkdirSync(RESULTS, { recursive: true });
    const png = await target.screenshot({ path: `${RESULTS}${name}.png`, fullPage });
    if (!shouldUpdateDocs) return;
    mkdirSync(DOC_SHOTS, { recursive: true });
    writeFileSync(`${DOC_SHOTS}${name}.jpg`, await shrink(png));
  };
  /** Scales a screenshot to 640 px wide as JPEG, in the browser's own canvas. */
  const shrink = async (png: Buffer): Promise<Buffer> => {
    const helper = await stack.browser.newPage();
    try {
      const dataUrl = await helper.evaluate(
        async (src) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          const width = Math.min(640, image.width);
          const height = Math.min(Math.round((image.height * width) / image.width), 900);
          const canvas = document.createElement('canvas');
          canvas.width = width;
          canvas.height = height;
          canvas.getContext('2d')!.drawImage(image, 0, 0, width, (image.height * width) / image.width);
          return canvas.toDataURL('image/jpeg', 0.6);
        },
        `data:image/png;base64,${png.toString('base64')}`,
      );
      return Buffer.from(dataUrl.split(',')[1]!, 'base64');
    } finally {
      await helper.close();
    }
  };
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const battery = async (type: string) => (await stack.api<BatteryDetail>(`/batteries/${type}`)).body;
  const latestPass = async () => (await stack.api<PassPage>('/passes?limit=1')).body.passes[0];
  beforeAll(async () => {
    stack = await startConsoleStack();
    page = await stack.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 860 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The Content Security Policy (issue 20) must refuse nothing the console does.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        pageErrors.push(message.text());
    });
    page.setDefaultTimeout(20_000);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  afterEach(async () => {
    // The page as each case left it, for reading a failure.
    const name = (expect.getState().currentTestName ?? 'case').replace(/\W+/g, '-').slice(0, 80);
    await page.screenshot({ path: `${RESULTS}after/${name}.png` }).catch(() => undefined);
    const state = await page
      .evaluate(() => ({
        dialogs: [...document.querySelectorAll('dialog')].map((d) => [d.open, d.innerText.slice(0, 1500)]),
      }))
      .catch(() => undefined);
    writeFileSync(`${RESULTS}after/${name}.txt`, `${page.url()}\n${JSON.stringify(state, null, 1)}\n`);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('signs in from the #token= link and strips the token from the address bar', async () => {
    await page.goto(`${stack.url}/#token=${stack.token}`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(page.url()).toBe(`${stack.url}/`);
    await page.getByRole('status').getByText('Live').waitFor();
    await page.getByText('Nothing is installed yet').waitFor();
    await shot('dashboard-empty');
  }, 60_000);

  it('opens read-only with the viewer token: writes hidden or disabled, the stream live', async () => {
    const viewer = await stack.browser.newPage();
    try {
      viewer.on('pageerror', (error) => pageErrors.push(error.message));
      await viewer.goto(`${stack.url}/#token=${stack.viewerToken}`);
      await viewer.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      await viewer.getByText('Read-only', { exact: true }).waitFor();
      await viewer.getByRole('status').getByText('Live').waitFor();
      expect(await viewer.getByRole('button', { name: 'Run a pass now' }).count()).toBe(0);
      await viewer
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Catalog', exact: true })
        .click();
      await viewer.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
      await viewer.getByRole('article').first().waitFor();
      expect(await viewer.getByRole('button', { name: /^Install / }).count()).toBe(0);
      await shot('viewer-catalog', viewer);
      await viewer
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Data', exact: true })
        .click();
      await viewer.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
      const create = viewer.getByRole('button', { name: 'New database' });
      expect(await create.isDisabled()).toBe(true);
      expect(await create.getAttribute('title')).toBe('Read-only: you are signed in as a viewer.');
    } finally {
      await viewer.close();
    }
  }, 60_000);

  it('asks for a token when there is none, and refuses a wrong one', async () => {
    const other = await stack.browser.newPage();
    try {
      await other.goto(`${stack.url}/passes`);
      await other.evaluate(() => sessionStorage.clear());
      await other.reload();
      await other.getByLabel('API token').fill('not-the-token');
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.getByText('That token was refused.').waitFor();
      await shot('sign-in', other);
      await other.getByLabel('API token').fill(stack.token);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.getByRole('heading', { name: 'Passes', level: 1 }).waitFor();
    } finally {
      await other.close();
    }
  }, 60_000);

  it(
    'installs VictoriaMetrics from the catalog with its dependency, after a preview, and watches it become Ready',
    async () => {
      await nav('Catalog').click();
      await page.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
      await page.getByLabel('Search batteries').fill('dashboards');
      await page.getByRole('button', { name: 'Install Grafana' }).waitFor();
      await page.getByRole('button', { name: 'Install Redis' }).waitFor({ state: 'detached' });
      await page.getByLabel('Search batteries').fill('');
      await shot('catalog');

      await page.getByRole('button', { name: 'Install VictoriaMetrics' }).click();
      const dialog = page.getByRole('dialog', { name: 'Install VictoriaMetrics' });
      await dialog.getByText('will be installed first, with defaults').waitFor();
      // Help text from the schema beside the field, and a unit-aware size input.
      await dialog.getByText('Size of the metrics volume').waitFor();
      await dialog.getByRole('combobox', { name: 'Storage size unit' }).waitFor();
      const plan = dialog.getByRole('table', { name: 'Objects that will change' });
      await plan
        .getByRole('row')
        .filter({ hasText: 'StatefulSet' })
        .filter({ hasText: 'create' })
        .waitFor({ timeout: 30_000 });
      // A modal stays in the viewport: a full-page shot would show it over the wrong part of the page.
      await shot('install-dialog', page, { fullPage: false });
      expect(await stack.api('/batteries/victoria-metrics').then((r) => r.status)).toBe(404);

      await dialog.getByRole('button', { name: 'Install 2 batteries' }).click();
      await page.waitForURL(`${stack.url}/batteries/victoria-metrics`);
      await page
        .getByRole('heading', { level: 1 })
        .getByText('Ready', { exact: true })
        .waitFor({ timeout: READY_TIMEOUT });
      expect((await battery('victoria-metrics')).ready).toBe('True');
      expect((await battery('core')).ready).toBe('True');
    },
    READY_TIMEOUT + 60_000,
  );

  it("charts the battery's metrics beside its form, with real points from VictoriaMetrics", async () => {
    await page.goto(`${stack.url}/batteries/victoria-metrics`);
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await metrics.getByRole('article', { name: 'CPU' }).waitFor();
    await metrics.getByRole('article', { name: 'Restarts' }).waitFor();
    // The key metric: VictoriaMetrics' own ingestion, which it scrapes from itself every second. The chart
    // appears once two samples fall in a rate window; reload until then (charts also refresh every 30 s).
    const ingestion = metrics.getByRole('article', { name: 'VictoriaMetrics ingestion' });
    await eventually(
      'a chart line with points',
      async () => {
        // A line whose latest value is above zero: samples really arrive (a first point can be 0/s).
        const label = await ingestion
          .getByRole('img')
          .getAttribute('aria-label', { timeout: 1_000 })
          .catch(() => '');
        if ((await ingestion.locator('polyline.series').count()) > 0 && !/ 0\/s$/.test(label ?? ''))
          return true;
        await page.reload();
        await ingestion.waitFor();
        return false;
      },
      { timeoutMs: 120_000, intervalMs: 5_000 },
    );
    const points = Number(await ingestion.locator('polyline.series').first().getAttribute('data-points'));
    expect(points).toBeGreaterThan(0);
    // The label carries the latest value in the query's unit: samples per second, from the real server.
    expect(await ingestion.getByRole('img').getAttribute('aria-label')).toMatch(
      /^VictoriaMetrics ingestion: .* (?!0\/s$)[\d.]+\/s$/,
    );
    await shot('battery-metrics');
  }, 180_000);

  it(
    'installs Grafana and shows its conditions and generated objects Ready',
    async () => {
      await nav('Catalog').click();
      await page.getByRole('button', { name: 'Install Grafana' }).click();
      const dialog = page.getByRole('dialog', { name: 'Install Grafana' });
      await dialog.getByText('installed', { exact: true }).first().waitFor();
      await dialog.getByRole('table', { name: 'Objects that will change' }).waitFor({ timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Install Grafana' }).click();
      await page.waitForURL(`${stack.url}/batteries/grafana`);
      await page
        .getByRole('heading', { level: 1 })
        .getByText('Ready', { exact: true })
        .waitFor({ timeout: READY_TIMEOUT });
      const conditions = page.getByRole('table').filter({ hasText: 'DependenciesMet' });
      await conditions.getByRole('row', { name: /^Ready True/ }).waitFor();
      const objects = page.getByRole('region', { name: 'Generated objects' });
      await objects
        .getByRole('row')
        .filter({ hasText: 'Deployment' })
        .getByText('ready', { exact: true })
        .waitFor({ timeout: 60_000 });
      await shot('battery-detail');

      await nav('Dashboard').click();
      await page.getByText('Everything is ready.').waitFor();
      // Asking for a pass records one (a no-op here) and the recent-passes table shows it live.
      const before = (await latestPass())!.id;
      await page.getByRole('button', { name: 'Run a pass now' }).click();
      const next = await eventually(
        'the requested pass',
        async () => {
          const latest = await latestPass();
          return latest && latest.id > before ? latest : undefined;
        },
        WAIT,
      );
      await page
        .getByRole('region', { name: 'Recent passes' })
        .getByRole('link', { name: `#${next.id}` })
        .waitFor();
      await page
        .getByRole('region', { name: 'Batteries by group' })
        .getByRole('link', { name: 'Grafana' })
        .waitFor();
      // Capacity per node, from the API server: kwok's simulated nodes offer 64 cores each.
      const capacity = page.getByRole('region', { name: 'Capacity' });
      await capacity.getByRole('progressbar').first().waitFor();
      await capacity
        .getByText(/ of 64$/)
        .first()
        .waitFor();
      await shot('dashboard');
    },
    READY_TIMEOUT + 60_000,
  );

  let passBeforeEdit: number;

  it('edits a value, previews the diff and plan, saves, and follows the pass to its document diff', async () => {
    passBeforeEdit = (await latestPass())!.id;
    await page.goto(`${stack.url}/batteries/victoria-metrics`);
    await page.getByRole('heading', { level: 1 }).getByText('Ready', { exact: true }).waitFor();
    await page.getByLabel('Scrape interval').fill('60s');
    const preview = page.getByRole('region', { name: 'Preview' });
    const specDiff = preview.getByRole('figure', { name: 'Spec' });
    await specDiff.getByText('scrapeInterval: 60s').waitFor({ timeout: 30_000 });
    await specDiff.getByText('scrapeInterval: 30s').waitFor();
    const plan = preview.getByRole('table', { name: 'Objects that will change' });
    await plan.getByRole('row').filter({ hasText: 'update' }).first().waitFor();
    await shot('edit-preview');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Saved.' });
    const passLink = notice.getByRole('link', { name: /^#\d+$/ });
    await passLink.waitFor({ timeout: 60_000 });
    expect((await battery('victoria-metrics')).spec.scrapeInterval).toBe('60s');

    await passLink.click();
    await page.getByRole('heading', { name: /^Pass #\d+/, level: 1 }).waitFor();
    const objects = page.getByRole('table').filter({ hasText: 'Action' });
    await objects.getByRole('row').filter({ hasText: 'update' }).first().waitFor();
    await shot('pass-detail');
    const diffButton = page.getByRole('button', { name: /^Diff of ConfigMap/ }).first();
    await diffButton.click();
    await page
      .getByRole('figure')
      .getByText(/scrape_interval: 60s|60s/)
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('pass-diff');
  }, 120_000);

  it('shows the field error for an invalid value and applies nothing', async () => {
    const before = await battery('victoria-metrics');
    const passBefore = (await latestPass())!.id;
    await page.goto(`${stack.url}/batteries/victoria-metrics`);
    const amount = page.getByLabel('Storage size', { exact: true });
    await amount.fill('lots');
    const error = page
      .getByRole('alert')
      .filter({ hasText: 'Storage size must be a size such as 512Mi, 20Gi or 1Ti' });
    await error.waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
    // Focus moved to the field to fix.
    expect(await amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot('invalid-value');
    await new Promise((r) => setTimeout(r, 1500));
    const after = await battery('victoria-metrics');
    expect(after.generation).toBe(before.generation);
    expect(after.spec).toEqual(before.spec);
    expect((await latestPass())!.id).toBe(passBefore);
  }, 60_000);

  it('shows an object’s versions by hash and diffs two of them', async () => {
    await nav('Objects').click();
    await page.getByLabel('Filter by name, kind or battery').fill('victoria-metrics');
    const row = page.getByRole('row').filter({ hasText: 'ConfigMap' }).first();
    await row.getByRole('link', { name: /^History of/ }).click();
    await page.getByRole('heading', { name: 'Object history', level: 1 }).waitFor();
    const versions = page.getByRole('table', { name: /Versions, newest first/ });
    await versions.waitFor();
    expect(await versions.getByRole('row').count()).toBeGreaterThanOrEqual(3); // header + two versions
    await page.getByRole('figure', { name: 'Version' }).waitFor({ timeout: 30_000 });
    await shot('object-history');
  }, 60_000);

  it('rolls back: pick a pass, preview, confirm, and watch it apply', async () => {
    await nav('Rollback').click();
    await page.getByRole('radio', { name: new RegExp(`^Pass #${passBeforeEdit}\\b`) }).check();
    await page.getByRole('button', { name: 'Preview rollback' }).click();
    await page.getByRole('heading', { name: `Roll back to pass #${passBeforeEdit}`, level: 1 }).waitFor();
    const fields = page.getByRole('table', { name: 'victoria-metrics fields' });
    await fields.getByRole('row').filter({ hasText: 'scrapeInterval' }).filter({ hasText: '60s' }).waitFor();
    await shot('rollback-preview');
    await page.getByRole('button', { name: 'Roll back…' }).click();
    await page
      .getByRole('dialog', { name: `Roll back to pass #${passBeforeEdit}?` })
      .getByRole('button', { name: 'Confirm rollback' })
      .click();
    await page.getByRole('heading', { name: `Rolling back to pass #${passBeforeEdit}`, level: 1 }).waitFor();
    await page.getByText('The operator applied them.').waitFor({ timeout: 60_000 });
    await eventually(
      'the restored spec',
      async () => (await battery('victoria-metrics')).spec.scrapeInterval === '30s',
      WAIT,
    );
    await shot('rollback-done');
  }, 120_000);

  it('lists passes newest first and filters them by status', async () => {
    const latest = (await latestPass())!;
    await nav('Passes').click();
    const rows = page.getByRole('table', { name: 'Passes, newest first' }).getByRole('row');
    await rows
      .nth(1)
      .getByRole('link', { name: `Pass #${latest.id}` })
      .waitFor();
    await shot('passes');
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText('No passes with status failed.').waitFor();
    await page.getByLabel('Status').selectOption('');
    await rows.nth(1).waitFor();
  }, 60_000);

  it('shows platform settings from the core battery', async () => {
    await nav('Settings').click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByLabel('Default size').inputValue()).toBe('medium');
    expect(await page.getByLabel('Cluster type').isDisabled()).toBe(true); // fixed after creation
    await shot('settings');
  }, 60_000);

  it('fills resources from a size preset and previews the rollout, without saving', async () => {
    await page.goto(`${stack.url}/batteries/grafana`);
    await page
      .locator('summary')
      .filter({ hasText: /^Resources —/ })
      .click();
    // Grafana's own small preset, as its chart renders at platform size small (a fifth of a core and 256 MiB at
    // medium, halved; the limit twice the request).
    await page.getByLabel('Size preset').selectOption('small');
    expect(await page.getByLabel('CPU request', { exact: true }).inputValue()).toBe('100');
    expect(await page.getByLabel('CPU request unit').inputValue()).toBe('m');
    expect(await page.getByLabel('Memory limit', { exact: true }).inputValue()).toBe('256');
    await page.getByText('0.1 cores').waitFor();
    const plan = page
      .getByRole('region', { name: 'Preview' })
      .getByRole('table', { name: 'Objects that will change' });
    await plan.getByRole('row').filter({ hasText: 'Deployment' }).filter({ hasText: 'update' }).waitFor();
    await shot('size-preset');
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await page.getByLabel('CPU request', { exact: true }).inputValue()).toBe('');
    const spec = (await battery('grafana')).spec as { resources?: { requests?: unknown } };
    expect(spec.resources?.requests).toBeUndefined();
  }, 60_000);

  it('uninstalls with a warning that names the volumes kept', async () => {
    await page.goto(`${stack.url}/batteries/victoria-metrics`);
    await page.getByRole('button', { name: 'Uninstall VictoriaMetrics…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Uninstall VictoriaMetrics?' });
    await dialog
      .getByRole('list', { name: 'Volumes kept' })
      .getByText(/PersistentVolumeClaim battery-core\/.*-vmsingle-0/)
      .waitFor();
    await shot('uninstall-warning', page, { fullPage: false });
    await dialog.getByRole('button', { name: 'Uninstall', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await eventually(
      'the battery to be gone',
      async () => (await stack.api('/batteries/victoria-metrics')).status === 404,
      WAIT,
    );
    // Grafana loses its VictoriaMetrics datasource (a config change rolls its pod) and is Ready again.
    await eventually(
      'Grafana to be Ready again',
      async () => (await battery('grafana')).ready === 'True',
      WAIT,
    );
    // Without VictoriaMetrics, a battery's metrics panel says what installing it would show, with the button.
    await page.goto(`${stack.url}/batteries/grafana`);
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await metrics.getByText('Install VictoriaMetrics to see cpu, memory, restarts').waitFor();
    expect(await metrics.getByRole('button', { name: 'Install VictoriaMetrics' }).getAttribute('href')).toBe(
      '/catalog?install=victoria-metrics',
    );
  }, 90_000);

  it(
    'creates a Services entry from the form, follows and searches its live logs, and scales it',
    async () => {
      // Installed with defaults unless an earlier case did (core's settings are left as they are).
      for (const type of ['core', 'traditional-services'])
        if ((await stack.api(`/batteries/${type}`)).status === 404)
          await stack.api(`/batteries/${type}`, { method: 'PUT', body: { spec: {} } });
      await stack.platform.kubectl(['create', 'namespace', 'shop']);
      await page.goto(`${stack.url}/#token=${stack.token}`);
      await nav('Services').click();
      await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'New service' }).click();
      await page.getByLabel('Namespace').fill('shop');
      await page.getByLabel('Name', { exact: true }).fill('web');
      // The form generated from the kind's schema: a list of containers, a list of ports.
      await page.getByRole('button', { name: 'Add containers' }).click();
      const container = page.getByRole('group', { name: 'Containers 1' });
      await container.getByRole('textbox', { name: 'Name' }).fill('web');
      await container.getByRole('textbox', { name: 'Image' }).fill('ghcr.io/acme/web:1.2.3');
      await page.getByRole('button', { name: 'Add ports' }).click();
      const port = page.getByRole('group', { name: 'Ports 1' });
      await port.getByRole('textbox', { name: 'Name' }).fill('http');
      await port.getByRole('spinbutton', { name: 'Number' }).fill('8080');
      const plan = page
        .getByRole('region', { name: 'Preview' })
        .getByRole('table', { name: 'Objects that will change' });
      await plan
        .getByRole('row')
        .filter({ hasText: 'Deployment' })
        .filter({ hasText: 'create' })
        .waitFor({ timeout: 30_000 });
      await shot('service-new');
      await page.getByRole('button', { name: 'Create service' }).click();
      await page.waitForURL(`${stack.url}/services/traditionalservices/shop/web`);
      await page
        .getByRole('heading', { level: 1 })
        .getByText('Ready', { exact: true })
        .waitFor({ timeout: READY_TIMEOUT });
      await page.getByText('http://web.shop.svc:8080').first().waitFor();

      // Live logs: what the container wrote, then a line written while the view follows.
      const logs = stack.platform.cluster.podLogs!.current;
      appendPodLog(logs, ['GET / 200', 'GET /healthz 200', 'GET /cart 500']);
      const lines = page.getByRole('region', { name: /^Logs of web-/ }).getByLabel('Log lines');
      await page.getByRole('button', { name: /^web-/ }).first().click();
      await lines.getByText('GET /cart 500').waitFor({ timeout: 30_000 });
      appendPodLog(logs, ['GET /checkout 201']);
      await lines.getByText('GET /checkout 201').waitFor({ timeout: 30_000 });
      await page.getByLabel('Search').fill('healthz');
      await lines.getByText('GET / 200', { exact: true }).waitFor({ state: 'detached' });
      expect(await lines.locator('div').filter({ hasText: /\S/ }).allTextContents()).toEqual([
        'GET /healthz 200',
      ]);
      await shot('service-logs');

      await page.getByLabel('Instances').fill('2');
      await page.getByRole('button', { name: 'Scale', exact: true }).click();
      await page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(2).waitFor({ timeout: 60_000 });
      await nav('Services').click();
      await page
        .getByRole('table', { name: 'Services' })
        .getByRole('row')
        .filter({ hasText: 'shop/web' })
        .filter({ hasText: '2/2' })
        .waitFor({ timeout: 60_000 });
      await shot('services');
    },
    READY_TIMEOUT + 120_000,
  );

  it(
    'creates a Postgres cluster in Data from its schema with a size preset, and reveals its credentials only on click',
    async () => {
      for (const type of ['core', 'cloudnative-pg'])
        if ((await stack.api(`/batteries/${type}`)).status === 404)
          await stack.api(`/batteries/${type}`, { method: 'PUT', body: { spec: {} } });
      await eventually(
        'CloudNativePG to be Ready',
        async () => (await battery('cloudnative-pg')).ready === 'True',
        { timeoutMs: READY_TIMEOUT, intervalMs: 500 },
      );
      await stack.platform.kubectl(['create', 'namespace', 'orders']);
      const credentialRequests: string[] = [];
      const onRequest = (request: { url(): string }) => {
        if (request.url().endsWith('/credentials')) credentialRequests.push(request.url());
      };
      page.on('request', onRequest);
      await page.goto(`${stack.url}/#token=${stack.token}`);
      await nav('Data').click();
      await page.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'New database' }).click();
      expect(await page.getByLabel('Kind').inputValue()).toBe('postgresclusters');
      await page.getByLabel('Namespace').fill('orders');
      await page.getByLabel('Name', { exact: true }).fill('orders');
      // The form from PostgresCluster's schema: the size preset, a unit-aware volume size, a user, the database.
      await page.getByRole('combobox', { name: 'Size', exact: true }).first().selectOption('tiny');
      const group = (summary: RegExp) =>
        page.locator('details.field-group').filter({ has: page.locator('summary', { hasText: summary }) });
      await page
        .locator('summary')
        .filter({ hasText: /^Storage —/ })
        .click();
      await group(/^Storage —/)
        .getByRole('combobox', { name: 'Size', exact: true })
        .fill('1');
      await group(/^Storage —/)
        .getByLabel('Size unit')
        .selectOption('Gi');
      await page.getByRole('button', { name: 'Add users' }).click();
      await page
        .getByRole('group', { name: 'Users 1' })
        .getByRole('textbox', { name: 'Username' })
        .fill('app');
      await page
        .locator('summary')
        .filter({ hasText: /^Database —/ })
        .click();
      await group(/^Database —/)
        .getByRole('textbox', { name: 'Name' })
        .fill('orders');
      await group(/^Database —/)
        .getByRole('textbox', { name: 'Owner' })
        .fill('app');
      const plan = page
        .getByRole('region', { name: 'Preview' })
        .getByRole('table', { name: 'Objects that will change' });
      await plan
        .getByRole('row')
        .filter({ hasText: 'Cluster' })
        .filter({ hasText: 'create' })
        .waitFor({ timeout: 30_000 })
        .catch(async (error: Error) => {
          const form = await page.getByRole('form').first().innerText();
          throw new Error(`${error.message}\nThe form and its preview:\n${form}`);
        });
      await shot('data-new');
      await page.getByRole('button', { name: 'Create database' }).click();
      await page.waitForURL(`${stack.url}/data/postgresclusters/orders/orders`);

      // Connection information from the status (names, never values), then the values after a click.
      const connection = page.getByRole('region', { name: 'Connection' });
      await connection.getByText('pg-orders-rw.orders.svc').waitFor({ timeout: 60_000 });
      await connection.getByText('cloudnative-pg.pg-orders.app').waitFor();
      expect(credentialRequests).toEqual([]);
      expect(await page.content()).not.toContain('postgresql://');
      await connection.getByRole('button', { name: 'Reveal credentials' }).click();
      const secret = await stack.platform.kubectl.json([
        '-n',
        'orders',
        'get',
        'secret',
        'cloudnative-pg.pg-orders.app',
      ]);
      const password = Buffer.from((secret.data as Record<string, string>).password!, 'base64').toString();
      const values = connection.getByRole('table', { name: 'Credentials cloudnative-pg.pg-orders.app' });
      await values
        .getByRole('row', { name: `password ${password}`, exact: true })
        .getByText(password, { exact: true })
        .waitFor();
      await values.getByText(/^postgresql:\/\/app:.*@pg-orders-rw\.orders\.svc:5432\/orders/).waitFor();
      expect(credentialRequests).toHaveLength(1);
      await shot('data-connection');
      await connection.getByRole('button', { name: 'Hide credentials' }).click();
      await values.waitFor({ state: 'detached' });
      page.off('request', onRequest);
    },
    READY_TIMEOUT + 60_000,
  );

  it(
    'creates a Redis instance in Data and lists both databases with where they are reached',
    async () => {
      if ((await stack.api('/batteries/redis')).status === 404)
        await stack.api('/batteries/redis', { method: 'PUT', body: { spec: {} } });
      await eventually(
        'the RedisInstance kind to be installed',
        async () =>
          (await stack.api<InstanceKinds>('/instances')).body.kinds.find((k) => k.plural === 'redisinstances')
            ?.installed === true,
        WAIT,
      );
      await nav('Data').click();
      await page.getByRole('button', { name: 'New database' }).click();
      await page.getByLabel('Kind').selectOption('redisinstances');
      await page.getByLabel('Namespace').fill('orders');
      await page.getByLabel('Name', { exact: true }).fill('cache');
      // RedisInstance's own schema: its mode (unset: the default named) and size preset.
      const mode = page.getByRole('combobox', { name: 'Mode', exact: true });
      expect(await mode.locator('option:checked').textContent()).toBe('Default (standalone)');
      await page.getByRole('combobox', { name: 'Size', exact: true }).first().selectOption('tiny');
      await page
        .getByRole('region', { name: 'Preview' })
        .getByRole('table', { name: 'Objects that will change' })
        .getByRole('row')
        .filter({ hasText: 'StatefulSet' })
        .filter({ hasText: 'create' })
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Create database' }).click();
      await page.waitForURL(`${stack.url}/data/redisinstances/orders/cache`);
      const connection = page.getByRole('region', { name: 'Connection' });
      await connection.getByText('redis-cache.orders.svc', { exact: true }).waitFor({ timeout: 60_000 });
      await connection.getByText('redis-cache-password', { exact: true }).waitFor();
      const spec = await stack.platform.kubectl.json(['-n', 'orders', 'get', 'redisinstances', 'cache']);
      expect(spec.spec).toMatchObject({ size: 'tiny' });

      await nav('Data').click();
      const rows = page.getByRole('table', { name: 'Data' }).getByRole('row');
      await rows
        .filter({ hasText: 'orders/orders' })
        .filter({ hasText: 'Postgres' })
        .filter({ hasText: 'pg-orders-rw.orders.svc:5432' })
        .waitFor();
      await rows
        .filter({ hasText: 'orders/cache' })
        .filter({ hasText: 'Redis' })
        .filter({ hasText: 'redis-cache.orders.svc:6379' })
        .waitFor();
      await shot('data');

      // A viewer sees the cluster, but revealing, editing and deleting are disabled (and refused by the API).
      const viewer = await stack.browser.newPage();
      try {
        await viewer.goto(`${stack.url}/#token=${stack.viewerToken}`);
        await viewer.getByText('Read-only', { exact: true }).waitFor();
        await viewer.goto(`${stack.url}/data/postgresclusters/orders/orders`);
        await viewer.getByText('Read-only', { exact: true }).waitFor();
        await viewer
          .getByRole('region', { name: 'Connection' })
          .getByText('pg-orders-rw.orders.svc')
          .waitFor();
        for (const name of ['Reveal credentials', 'Edit', 'Delete orders…'])
          expect([name, await viewer.getByRole('button', { name, exact: true }).isDisabled()]).toEqual([
            name,
            true,
          ]);
        const refused = await fetch(
          `${stack.url}/api/v1/instances/postgresclusters/orders/orders/credentials`,
          {
            headers: { authorization: `Bearer ${stack.viewerToken}` },
          },
        );
        expect(refused.status).toBe(403);
      } finally {
        await viewer.close();
      }
    },
    READY_TIMEOUT,
  );

  it(
    'deletes the Postgres cluster from its page, saying what data is kept',
    async () => {
      await nav('Data').click();
      // Delete: the warning names the CloudNativePG Cluster (it owns the volumes), which stays, labelled orphaned.
      await page.getByRole('link', { name: 'orders/orders' }).click();
      await page.getByRole('button', { name: 'Delete orders…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete orders/orders?' });
      await dialog
        .getByRole('list', { name: 'Volumes kept' })
        .getByText('Cluster.postgresql.cnpg.io/orders/pg-orders', { exact: true })
        .waitFor();
      await shot('data-delete-warning', page, { fullPage: false });
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
      await eventually(
        'the cluster to be gone and its CloudNativePG Cluster orphaned',
        async () => {
          if ((await stack.api('/instances/postgresclusters/orders/orders')).status !== 404) return false;
          const kept = await stack.platform.kubectl.json([
            '-n',
            'orders',
            'get',
            'clusters.postgresql.cnpg.io',
            'pg-orders',
          ]);
          const labels = (kept.metadata as { labels?: Record<string, string> }).labels ?? {};
          return labels['batteriesincl.com/orphaned'] !== undefined;
        },
        WAIT,
      );
      // The Redis instance is untouched.
      expect((await stack.api('/instances/redisinstances/orders/cache')).status).toBe(200);
    },
    READY_TIMEOUT,
  );

  it('fits a 390 px wide screen and is reachable by keyboard', async () => {
    const phone = await stack.browser.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      // sessionStorage belongs to one tab: a new tab signs in from the link again.
      await phone.goto(`${stack.url}/#token=${stack.token}`);
      await phone.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      for (const path of ['/', '/catalog', '/batteries/grafana', '/passes']) {
        await phone.goto(`${stack.url}${path}`);
        await phone.getByRole('heading', { level: 1 }).waitFor();
        await phone.waitForLoadState('networkidle');
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
      await phone.goto(`${stack.url}/catalog`);
      await phone.getByRole('heading', { name: 'Catalog', level: 1 }).waitFor();
      await shot('catalog-phone', phone);
      await phone.keyboard.press('Tab');
      expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await phone.keyboard.press('Tab');
      expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Dashboard');
    } finally {
      await phone.close();
    }
  }, 60_000);
});
