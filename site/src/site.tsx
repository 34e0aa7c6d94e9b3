/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKENS, tokensCss } from '@batteries-included/design';
import { openApiDocument } from '@batteries-included/operator';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { SiteConfig } from './config.js';
import { loadDocs, loadPosts } from './content.js';
import { jpegSize } from './images.js';
import { catalogReference } from './reference/battery-reference.js';
import { instanceKindsReference } from './reference/instance-reference.js';
import { cliReference } from './reference/cli-reference.js';
import { httpReference } from './reference/http-reference.js';
import { BatteryIndex, BatteryPage } from './render/battery.js';
import { InstancePage } from './render/instance.js';
import { BlogIndex, NotFoundPage, PostPage } from './render/blog.js';
import { DocsIndex, DocsPage, type DocsNavSection } from './render/docs.js';
import { Landing } from './render/landing.js';
import type { SiteImage } from './render/parts.js';
import { ApiPage, CliPage } from './render/reference-pages.js';

/** One file of the built site. */
export interface SiteFile {
  contentType: string;
  body: string | Uint8Array;
}

/** The built site: output path (`/docs/cli/index.html`) → file. */
export type SiteFiles = Map<string, SiteFile>;

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTENT_DIR = fileURLToPath(new URL('../content/', import.meta.url));
const CONSOLE_SHOTS = join(REPO_ROOT, 'console', 'docs', 'screenshots');

const SECTION_TITLES: Record<string, string> = {
  '': 'Start',
  concepts: 'Concepts',
  operations: 'Operations',
};
const SECTION_ORDER = ['', 'concepts', 'reference', 'operations'];

const BRAND = TOKENS.color.light.brand;
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="3" y="2.5" width="10" height="12.5" rx="2" fill="${BRAND}"/><rect x="6" y="0.5" width="4" height="2.5" rx=".8" fill="${BRAND}"/><path d="M8.6 5 6 9.2h2l-.6 3.3L10 8.3H8z" fill="#fff"/></svg>\n`;

const SHOT_ALT: Record<string, string> = {
  dashboard: 'The console dashboard: batteries ready, the last pass, recent passes and batteries by group.',
  catalog: 'The console catalog: battery cards by group with Install buttons.',
  'install-dialog':
    'The install dialog: dependencies listed first, a form generated from the schema, a preview.',
  'edit-preview': 'Editing a battery: the spec diff and the plan of object changes before saving.',
  'pass-diff': 'A pass in the console with the line diff of one changed object.',
  'rollback-preview':
    'A rollback preview: the batteries and fields restored and the objects the next pass changes.',
};

/** The console screenshots the landing page shows, copied from the console journey's committed images. */
function consoleShots(files: SiteFiles): Record<string, SiteImage> {
  const available = new Set(readdirSync(CONSOLE_SHOTS));
  return Object.fromEntries(
    Object.entries(SHOT_ALT).map(([name, alt]) => {
      const file = `${name}.jpg`;
      if (!available.has(file)) throw new Error(`console/docs/screenshots/${file} is missing`);
      const bytes = new Uint8Array(readFileSync(join(CONSOLE_SHOTS, file)));
      const src = `/assets/console/${file}`;
      files.set(src, { contentType: 'image/jpeg', body: bytes });
      return [name, { src, alt, ...jpegSize(bytes) }];
    }),
  );
}

async function html(element: JSX.Element): Promise<SiteFile> {
  return { contentType: 'text/html; charset=utf-8', body: `<!doctype html>\n${await element.toString()}\n` };
}

/** `/a/b/` → `/a/b/index.html`. */
export function outputPath(sitePath: string): string {
  return sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
}

/**
 * Builds every page and asset of the site in memory. Reads the catalog (schemas, CRDs, a real `generate()` per
 * battery), `cli/README.md`, the operator's OpenAPI document, `site/content/` and the console's screenshots.
 * Throws when any of them is missing or does not render.
 */
export async function buildSite(config: SiteConfig): Promise<SiteFiles> {
  const files: SiteFiles = new Map();
  const docs = loadDocs(CONTENT_DIR);
  const posts = loadPosts(CONTENT_DIR, REPO_ROOT);
  const batteries = catalogReference(REPO_ROOT);
  const instances = instanceKindsReference(REPO_ROOT);
  const cli = cliReference(REPO_ROOT);
  const api = httpReference(openApiDocument());

  const sections = new Map<string, DocsNavSection['links'][number][]>();
  for (const doc of docs)
    sections.set(doc.section, [...(sections.get(doc.section) ?? []), { href: doc.path, label: doc.title }]);
  sections.set('reference', [
    { href: '/docs/cli/', label: 'bi CLI' },
    { href: '/docs/api/', label: 'HTTP API' },
    { href: '/batteries/', label: 'Batteries' },
  ]);
  const unknown = [...sections.keys()].filter((s) => !SECTION_ORDER.includes(s));
  if (unknown.length > 0) throw new Error(`site/content/docs: unknown sections ${unknown.join(', ')}`);
  const nav: DocsNavSection[] = SECTION_ORDER.filter((s) => sections.has(s)).map((s) => ({
    title: SECTION_TITLES[s] ?? 'Reference',
    links: sections.get(s)!,
  }));
  const batteryNav: DocsNavSection[] = [
    ...nav,
    { title: 'Batteries', links: batteries.map((b) => ({ href: `/batteries/${b.type}/`, label: b.name })) },
    {
      title: 'Instance kinds',
      links: instances.map((k) => ({ href: `/instances/${k.plural}/`, label: k.kind })),
    },
  ];
  const descriptions = new Map<string, string>([
    ...docs.map((d) => [d.path, d.description] as [string, string]),
    ['/docs/cli/', 'every command, flag and exit code'],
    ['/docs/api/', 'every route and shape of the operator API'],
    ['/batteries/', 'every battery, field by field'],
  ]);

  files.set('/assets/site.css', {
    contentType: 'text/css; charset=utf-8',
    body: `${tokensCss()}${readFileSync(fileURLToPath(new URL('./assets/site.css', import.meta.url)), 'utf8')}`,
  });
  files.set('/favicon.svg', { contentType: 'image/svg+xml', body: FAVICON });
  const shots = consoleShots(files);

  files.set('/index.html', await html(<Landing config={config} batteries={batteries} shots={shots} />));
  files.set(
    '/docs/index.html',
    await html(<DocsIndex config={config} nav={nav} descriptions={descriptions} />),
  );
  for (const page of docs)
    files.set(outputPath(page.path), await html(<DocsPage config={config} nav={nav} page={page} />));
  files.set('/docs/cli/index.html', await html(<CliPage config={config} nav={nav} cli={cli} />));
  files.set('/docs/api/index.html', await html(<ApiPage config={config} nav={nav} api={api} />));
  files.set(
    '/batteries/index.html',
    await html(<BatteryIndex config={config} nav={batteryNav} batteries={batteries} instances={instances} />),
  );
  for (const battery of batteries) {
    files.set(
      `/batteries/${battery.type}/index.html`,
      await html(<BatteryPage config={config} nav={batteryNav} battery={battery} />),
    );
  }
  for (const instance of instances) {
    files.set(
      `/instances/${instance.plural}/index.html`,
      await html(<InstancePage config={config} nav={batteryNav} instance={instance} />),
    );
  }
  files.set('/blog/index.html', await html(<BlogIndex config={config} posts={posts} />));
  for (const post of posts)
    files.set(outputPath(post.path), await html(<PostPage config={config} post={post} />));
  files.set('/404.html', await html(<NotFoundPage config={config} />));
  return files;
}
