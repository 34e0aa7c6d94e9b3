/**
 * Rewrites an upstream URL to a mirror: `https://host/path` → `<mirror>/host/path`. The operator takes the mirror
 * from its `bundleMirror` option or `BI_BUNDLE_MIRROR`; tests point it at a local server this way, and a company
 * mirror (an HTTP file server holding `bi bundles pull` output by host and path) works the same.
 * @example mirrorUrl('https://github.com/a/b.yaml', 'http://127.0.0.1:8080') // → 'http://127.0.0.1:8080/github.com/a/b.yaml'
 */
export function mirrorUrl(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const parsed = new URL(url);
  return `${mirror.replace(/\/+$/, '')}/${parsed.host}${parsed.pathname}${parsed.search}`;
}
