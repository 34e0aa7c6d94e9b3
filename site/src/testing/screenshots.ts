// What the site's and Home Base's screenshot tests share: committed screenshots (JPEG, scaled in the browser) and
// the first things a person notices on a page. The browser itself is testenv's `launchChromium`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where committed screenshots live: `site/screenshots/` (Home Base's under `homebase/`). */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/** `BI_UPDATE_SCREENSHOTS=1` rewrites the committed screenshots; otherwise they go to `site/test-results/` only. */
export const shouldUpdateScreenshots = process.env.BI_UPDATE_SCREENSHOTS === '1';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * Screenshots the viewport as JPEG (quality 0.7, at most `maxWidth` px wide, scaled in the browser's own canvas):
 * always into `site/test-results/`, and into `site/screenshots/<name>.jpg` with BI_UPDATE_SCREENSHOTS=1.
 */
export async function saveScreenshot(page: Page, name: string, { maxWidth = 1024 } = {}): Promise<Buffer> {
  const png = await page.screenshot();
  const helper = await page.context().newPage();
  try {
    const dataUrl = await helper.evaluate(
      async ({ src, maxWidth }) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        const width = Math.min(maxWidth, image.width);
        const height = Math.round((image.height * width) / image.width);
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        canvas.getContext('2d')!.drawImage(image, 0, 0, width, height);
        return canvas.toDataURL('image/jpeg', 0.7);
      },
      { src: `data:image/png;base64,${png.toString('base64')}`, maxWidth },
    );
    const jpeg = Buffer.from(dataUrl.split(',')[1]!, 'base64');
    const results = join(RESULTS_DIR, `${name}.jpg`);
    mkdirSync(join(results, '..'), { recursive: true });
    writeFileSync(results, jpeg);
    if (shouldUpdateScreenshots) {
      const committed = join(SCREENSHOTS_DIR, `${name}.jpg`);
      mkdirSync(join(committed, '..'), { recursive: true });
      writeFileSync(committed, jpeg);
    }
    return jpeg;
  } finally {
    await helper.close();
  }
}

/** What a person would notice first on a page: horizontal overflow, broken images, the heading structure. */
export async function pageBasics(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent?.trim()),
    overflowsHorizontally: document.documentElement.scrollWidth > window.innerWidth + 1,
    brokenImages: [...document.images]
      .filter((img) => !img.complete || img.naturalWidth === 0)
      .map((img) => img.src),
    imagesWithoutAlt: [...document.images].filter((img) => !img.alt).map((img) => img.src),
    scripts: document.scripts.length,
  }));
}
