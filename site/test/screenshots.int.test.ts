import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { buildSite, serveSite, siteConfig } from '../src/index.js';
import { launchChromium, type TestBrowser } from '@batteries-included/testenv';
import { pageBasics, saveScreenshot } from '../src/testing/index.js';

const PAGES = [
  { name: 'landing', path: '/', h1: 'Infrastructure, batteries included.' },
  { name: 'docs', path: '/docs/concepts/the-pass/', h1: 'The pass' },
  { name: 'battery', path: '/batteries/redis/', h1: 'Redis' },
] as const;
const WIDTHS = [
  { label: 'phone', width: 390, height: 844 },
  { label: 'desktop', width: 1440, height: 900 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

const cases = PAGES.flatMap((p) =>
  WIDTHS.flatMap((w) => SCHEMES.map((scheme) => [p.name, w.label, scheme, p, w] as const)),
);

/**
 * The built site in headless Chromium with JavaScript off (the site ships none): the landing, a docs page and a
 * battery page at 390 and 1440 px, light and dark; each is readable, fits the width, and is screenshotted.
 */
describe('the site in Chromium', () => {
  let server: Server;
  let url: string;
  let chromium: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ server, url } = await serveSite(await buildSite(siteConfig({}))));
    chromium = await launchChromium({ javaScriptEnabled: false });
    page = await chromium.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it.each(cases)(
    '%s at %s width, %s: readable with JS off, nothing overflows',
    async (name, label, scheme, target, size) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(`${url}${target.path}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      await page.evaluate(async () => {
        // Lazy images below the fold load once scrolled to; load them all before judging them.
        for (const img of [...document.images]) img.loading = 'eager';
        await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
      });
      expect(await pageBasics(page)).toEqual({
        lang: 'en',
        h1: [target.h1],
        overflowsHorizontally: false,
        brokenImages: [],
        imagesWithoutAlt: [],
        scripts: 0,
      });
      const background = await page.evaluate(
        () => getComputedStyle(document.documentElement).backgroundColor,
      );
      expect(background).toBe(scheme === 'dark' ? 'rgb(16, 19, 24)' : 'rgb(255, 255, 255)');
      await saveScreenshot(page, `${name}-${label}-${scheme}`);
    },
    60_000,
  );
});
