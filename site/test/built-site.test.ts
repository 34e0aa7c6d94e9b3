import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, INSTANCE_KINDS } from '@batteries-included/batteries';
import { batteryCrd, instanceCrd, type OpenApiSchema } from '@batteries-included/crds';
import { openApiDocument } from '@batteries-included/operator';
import {
  attributeValues,
  buildSite,
  checkSite,
  htmlPages,
  landingBytes,
  LANDING_BUDGET_BYTES,
  REPO_ROOT,
  siteConfig,
  type SiteFiles,
} from '../src/index.js';

/** Every field path of a schema, walked here independently of the site's own walker. */
function specPaths(node: OpenApiSchema, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    paths.push(path, ...specPaths(child, path));
  }
  const items = Array.isArray(node.items) ? node.items[0] : node.items;
  if (items?.properties) paths.push(...specPaths(items, `${prefix}[]`));
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties) {
    paths.push(...specPaths(node.additionalProperties, `${prefix}.*`));
  }
  return paths;
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The built site, once for this file: a real build from the catalog, the CLI README and the operator's API. */
describe('the built site', () => {
  let files: SiteFiles;
  let pages: Map<string, string>;
  const page = (path: string) => {
    const html = pages.get(path);
    if (html === undefined) throw new Error(`no page ${path}; built: ${[...pages.keys()].join(', ')}`);
    return html;
  };

  beforeAll(async () => {
    files = await buildSite(siteConfig({ HOME_BASE_URL: 'https://home.example.test/' }));
    pages = htmlPages(files);
  }, 60_000);

  it('has no broken link or anchor, and every page passes the accessibility basics', () => {
    expect(checkSite(files)).toEqual([]);
    expect(pages.size).toBeGreaterThan(CATALOG.length + 15);
  });

  it('ships no JavaScript: no script element and no .js file, so every page reads the same with JS off', () => {
    for (const [path, html] of pages)
      expect({ path, hasScript: /<script[\s>]/i.test(html) }).toEqual({ path, hasScript: false });
    expect([...files.keys()].filter((path) => path.endsWith('.js'))).toEqual([]);
  });

  it('keeps the landing page within 60 KB of HTML + CSS + JS', () => {
    const landing = landingBytes(files);
    expect(landing.files).toEqual(['/index.html', '/assets/site.css']);
    expect(landing.raw).toBeGreaterThan(5 * 1024);
    expect(landing.raw).toBeLessThanOrEqual(LANDING_BUDGET_BYTES);
  });

  it('links the call to action to the configured Home Base sign-up', () => {
    const hrefs = attributeValues(page('/index.html'), 'href');
    expect(hrefs.filter((href) => href === 'https://home.example.test/signup').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(hrefs.some((href) => href.startsWith('http://127.0.0.1:4100'))).toBe(false);
  });

  it('shows every battery of the catalog on the landing page with its name, group and description', () => {
    const landing = page('/index.html');
    for (const battery of CATALOG) {
      expect(landing).toContain(`<a href="/batteries/${battery.type}/">${escapeHtml(battery.name)}</a>`);
      expect(landing).toContain(escapeHtml(battery.description));
    }
    for (const step of ['Prepare', 'Generate', 'Plan', 'Apply', 'Record', 'Broadcast']) {
      expect(landing).toContain(`<strong>${step}</strong>`);
    }
  });

  it.each(CATALOG.map((battery) => [battery.type, battery] as const))(
    '%s has a reference page listing every field of its CRD spec schema',
    (type, battery) => {
      const html = page(`/batteries/${type}/index.html`);
      const spec = batteryCrd(battery).spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!;
      const paths = specPaths(spec);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(html).toContain(`<code>${escapeHtml(path)}</code>`);
      for (const dependency of battery.dependencies)
        expect(html).toContain(`<a href="/batteries/${dependency}/">`);
      expect(html).toContain(escapeHtml(readFileSync(join(REPO_ROOT, 'examples', `${type}.yaml`), 'utf8')));
      expect(html).toContain('id="generated"');
    },
  );

  it.each(INSTANCE_KINDS.map((definition) => [definition.kind, definition] as const))(
    '%s has a reference page listing every field of its CRD spec schema, linked from its battery',
    (kind, definition) => {
      const html = page(`/instances/${definition.plural}/index.html`);
      const spec = instanceCrd(definition).spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!;
      const paths = specPaths(spec);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(html).toContain(`<code>${escapeHtml(path)}</code>`);
      expect(html).toContain(`<a href="/batteries/${definition.battery}/">`);
      expect(html).toContain(`<code>${kind}</code>`);
      expect(html).toContain('id="generated"');
      expect(page(`/batteries/${definition.battery}/index.html`)).toContain(
        `<a href="/instances/${definition.plural}/">${kind}</a>`,
      );
      expect(page('/batteries/index.html')).toContain(
        `<a href="/instances/${definition.plural}/">${kind}</a>`,
      );
    },
  );

  it('renders an instance kind from a real generate(): a PostgresCluster is a CNPG Cluster with its Secrets', () => {
    const pg = page('/instances/postgresclusters/index.html');
    expect(pg).toMatch(/<td>Cluster<\/td><td><code>postgresql.cnpg.io\/v1<\/code><\/td><td>1<\/td>/);
    expect(pg).toContain('<code>storage.size</code>');
    expect(pg).toContain('<code>spec.database</code>, <code>spec.restore</code>');
    expect(page('/instances/credentialgrants/index.html')).toContain('No objects of its own.');
  });

  it('shows defaults, enum values and rules that compare with the old value', () => {
    const redis = page('/batteries/redis/index.html');
    expect(redis).toContain('<code>&quot;noeviction&quot;</code>');
    expect(redis).toContain('<code>allkeys-lru</code>');
    expect(redis).toContain('may not shrink: volumes can only grow');
    const core = page('/batteries/core/index.html');
    expect(core).toContain('clusterType cannot be changed after creation');
  });

  it('lists generated kinds from a real generate(): redis runs a StatefulSet with its pinned image', () => {
    const redis = page('/batteries/redis/index.html');
    expect(redis).toMatch(/<td>StatefulSet<\/td><td><code>apps\/v1<\/code><\/td><td>1<\/td>/);
    expect(redis).toContain('<code>quay.io/opstree/redis:v8.4.0</code>');
    expect(page('/batteries/cert-manager/index.html')).toContain('<code>cert-manager</code> v1.19.2');
  });

  it('documents every bi command from cli/README.md and every operation of /api/openapi.json', () => {
    const readme = readFileSync(join(REPO_ROOT, 'cli', 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^## `(bi [^`]+)`$/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(10);
    const cli = page('/docs/cli/index.html');
    for (const command of commands) expect(cli).toContain(`<code>${escapeHtml(command)}</code></h2>`);
    const api = page('/docs/api/index.html');
    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        expect(api).toContain(`<span class="method">${method.toUpperCase()}</span> <code>${path}</code>`);
      }
    }
  });

  it('has the docs the issue names and a blog post quoting the benchmark table from operator/README.md', () => {
    for (const path of [
      '/docs/getting-started/',
      '/docs/concepts/batteries-and-dependencies/',
      '/docs/concepts/the-pass/',
      '/docs/concepts/hashing-and-drift/',
      '/docs/concepts/history-and-rollback/',
      '/docs/concepts/gitops/',
      '/docs/concepts/air-gapped-bundles/',
      '/docs/operations/deploying/',
      '/docs/operations/external-postgres/',
      '/docs/operations/backups/',
      '/docs/operations/upgrading/',
    ]) {
      expect(pages.has(`${path}index.html`)).toBe(true);
    }
    const readme = readFileSync(join(REPO_ROOT, 'operator', 'README.md'), 'utf8');
    const ratio = /no-op ratio, kubectl ÷ ours \| \*\*(\d+×)\*\*/.exec(readme)![1]!;
    const post = page('/blog/one-pass-not-reconcile-loops/index.html');
    expect(post).toContain(`<strong>${ratio}</strong>`);
    expect(page('/blog/index.html')).toContain('href="/blog/one-pass-not-reconcile-loops/"');
  });

  it('reuses the console journey screenshots byte for byte, sized and compressed', () => {
    const images = [...files].filter(([path]) => path.startsWith('/assets/console/'));
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const [path, file] of images) {
      const original = readFileSync(
        join(REPO_ROOT, 'console', 'docs', 'screenshots', path.split('/').pop()!),
      );
      expect(Buffer.from(file.body as Uint8Array).equals(original)).toBe(true);
      expect(original.length).toBeLessThan(150 * 1024);
    }
  });
});
