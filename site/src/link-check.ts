// Checks over the built site's HTML, as strings: links and anchors resolve, and the accessibility basics hold.
// The HTML is our own output (attributes always double-quoted), so a small attribute scanner is exact enough.

/** A problem found in one built file. */
export interface SiteProblem {
  file: string;
  message: string;
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every value of `attribute` in the HTML, in document order. */
export function attributeValues(html: string, attribute: string): string[] {
  const pattern = new RegExp(`\\s${attribute}="([^"]*)"`, 'g');
  return [...html.matchAll(pattern)].map((m) => decode(m[1]!));
}

/** The file a site path is served from: `/docs/` → `/docs/index.html`; `/docs` (no slash) too. */
function resolveFile(path: string, files: ReadonlySet<string>): string | undefined {
  const candidates = path.endsWith('/') ? [`${path}index.html`] : [path, `${path}/index.html`];
  return candidates.find((candidate) => files.has(candidate));
}

/**
 * Every internal `href` and `src` (site-absolute or relative) must name a built file, and every `#fragment`
 * must be an `id` in the target page. External links (with a scheme) are not followed.
 */
export function checkLinks(pages: ReadonlyMap<string, string>, assets: ReadonlySet<string>): SiteProblem[] {
  const all = new Set([...pages.keys(), ...assets]);
  const ids = new Map([...pages].map(([file, html]) => [file, new Set(attributeValues(html, 'id'))]));
  const problems: SiteProblem[] = [];
  for (const [file, html] of pages) {
    const links = [...attributeValues(html, 'href'), ...attributeValues(html, 'src')];
    for (const link of links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
      const [rawPath, fragment] = link.split('#', 2) as [string, string | undefined];
      const base = new URL(file, 'http://site.invalid');
      const path = rawPath === '' ? file : decodeURIComponent(new URL(rawPath, base).pathname);
      const target = rawPath === '' ? file : resolveFile(path, all);
      if (!target) {
        problems.push({ file, message: `broken link ${link}: no file ${path}` });
        continue;
      }
      if (fragment && !ids.get(target)?.has(decodeURIComponent(fragment))) {
        problems.push({ file, message: `broken anchor ${link}: ${target} has no id "${fragment}"` });
      }
    }
    const seen = new Set<string>();
    for (const id of attributeValues(html, 'id')) {
      if (seen.has(id)) problems.push({ file, message: `duplicate id "${id}"` });
      seen.add(id);
    }
  }
  return problems;
}

/**
 * Accessibility basics of one page: `<html lang>`, exactly one `h1`, headings that never skip a level going
 * down, a `<title>`, and `alt` plus `width`/`height` on every image.
 */
export function checkPage(file: string, html: string): SiteProblem[] {
  const problems: SiteProblem[] = [];
  const problem = (message: string) => problems.push({ file, message });
  if (!/<html lang="[a-z]{2}(-[A-Za-z]+)?"/.test(html)) problem('<html> has no lang');
  if (!/<title>[^<]+<\/title>/.test(html)) problem('no <title>');
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  const h1s = levels.filter((level) => level === 1).length;
  if (h1s !== 1) problem(`${h1s} h1 elements; a page has exactly one`);
  if (levels[0] !== undefined && levels[0] !== 1) problem(`the first heading is h${levels[0]}, not h1`);
  levels.forEach((level, index) => {
    const previous = levels[index - 1];
    if (previous !== undefined && level > previous + 1)
      problem(`heading order skips from h${previous} to h${level}`);
  });
  for (const tag of html.match(/<img\s[^>]*>/g) ?? []) {
    if (!/\salt="[^"]+"/.test(tag)) problem(`image without alt text: ${tag}`);
    if (!/\swidth="\d+"/.test(tag) || !/\sheight="\d+"/.test(tag))
      problem(`image without width and height: ${tag}`);
  }
  if (/<script[\s>]/.test(html)) problem('a <script>: the site ships no JavaScript');
  return problems;
}
