import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
const url = process.argv[2];
const base = url.replace(/\/#.*/, '');
const token = url.replace(/.*#token=/, '');
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/chr-'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1280, height: 860 },
});
const page = await ctx.newPage();
page.setDefaultTimeout(8000);
page.on('console', (m) => console.log('console:', m.text()));
await page.exposeFunction('logit', (s) => console.log('page:', s));
await page.addInitScript(() => {
  const orig = HTMLDialogElement.prototype.close;
  HTMLDialogElement.prototype.close = function (...a) {
    window.logit('close() ' + new Error().stack.split('\n').slice(1, 6).join(' | '));
    return orig.apply(this, a);
  };
  const origPush = history.replaceState;
  history.replaceState = function (...a) {
    window.logit('replaceState ' + a[2]);
    return origPush.apply(this, a);
  };
  document.addEventListener('close', (e) => window.logit('close event on ' + e.target.tagName), true);
  document.addEventListener('cancel', (e) => window.logit('cancel event on ' + e.target.tagName), true);
});
await page.goto(url);
await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
const other = await ctx.newPage();
await other.goto(`${base}/passes`);
await other.evaluate(() => sessionStorage.clear());
await other.reload();
await other.getByLabel('API token').fill('not-the-token');
await other.getByRole('button', { name: 'Sign in' }).click();
await other.getByText('That token was refused.').waitFor();
await other.screenshot({ path: '/tmp/shots/o.png', fullPage: true });
await other.getByLabel('API token').fill(token);
await other.getByRole('button', { name: 'Sign in' }).click();
await other.getByRole('heading', { name: 'Passes', level: 1 }).waitFor();
await other.close();
await page
  .getByRole('navigation', { name: 'Main' })
  .getByRole('link', { name: 'Catalog', exact: true })
  .click();
await page.getByLabel('Search batteries').fill('dashboards');
await page.getByRole('button', { name: 'Install Redis' }).waitFor({ state: 'detached' });
await page.getByLabel('Search batteries').fill('');
await page.screenshot({ path: '/tmp/shots/c.png', fullPage: true });
await page.getByRole('button', { name: 'Install VictoriaMetrics' }).click();
const dialog = page.getByRole('dialog', { name: 'Install VictoriaMetrics' });
await dialog.getByText('will be installed first, with defaults').waitFor();
try {
  await dialog.getByText('Size of the metrics volume').waitFor();
  console.log('visible ok');
} catch (e) {
  console.log(e.message.slice(0, 300));
}
console.log(page.url());
await ctx.close();
