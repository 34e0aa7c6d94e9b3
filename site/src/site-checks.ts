import { gzipSync } from 'node:zlib';
import { checkLinks, checkPage, type SiteProblem } from './link-check.js';
import type { SiteFiles } from './site.js';

/** The landing page's budget from issue 19: HTML + CSS + JS, images apart. */
export const LANDING_BUDGET_BYTES = 60 * 1024;

/** The HTML pages of a build, as text. */
export function htmlPages(files: SiteFiles): Map<string, string> {
  return new Map(
    [...files]
      .filter(([, file]) => file.contentType.startsWith('text/html'))
      .map(([path, file]) => [path, String(file.body)]),
  );
}

/** Bytes of the landing page's HTML and every stylesheet or script it loads, uncompressed and gzipped. */
export function landingBytes(files: SiteFiles): { raw: number; gzip: number; files: string[] } {
  const landing = String(files.get('/index.html')?.body ?? '');
  const linked = [
    ...landing.matchAll(/<link rel="stylesheet" href="([^"]+)"/g),
    ...landing.matchAll(/<script[^>]* src="([^"]+)"/g),
  ].map((m) => m[1]!);
  const bodies = [landing, ...linked.map((path) => String(files.get(path)?.body ?? ''))];
  return {
    raw: bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0),
    gzip: bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0),
    files: ['/index.html', ...linked],
  };
}

/** Links and anchors, the accessibility basics of every page, and the landing budget. */
export function checkSite(files: SiteFiles): SiteProblem[] {
  const pages = htmlPages(files);
  const assets = new Set([...files.keys()].filter((path) => !pages.has(path)));
  const problems = [
    ...checkLinks(pages, assets),
    ...[...pages].flatMap(([file, html]) => checkPage(file, html)),
  ];
  const landing = landingBytes(files);
  if (landing.raw > LANDING_BUDGET_BYTES) {
    problems.push({
      file: '/index.html',
      message: `landing HTML + CSS is ${landing.raw} bytes, over ${LANDING_BUDGET_BYTES}`,
    });
  }
  return problems;
}
