/**
 * Where the installation's UIs are reached from a browser. This is the one seam between single sign-on and the
 * ingress: redirect URIs, web origins, the issuer URL and oauth2-proxy's callback all come from `publicUrl`.
 * Today a URL is the sso spec's `urls` entry for the name, else `http://<name>.<domain>`; once the ingress battery
 * publishes hostnames (`<name>.<ingress-ip-with-dashes>.batrsinc.co`, https when cert-manager is installed), its
 * helper feeds `PublicUrlSource` instead.
 */

/** The default domain: the original's wildcard DNS for the loopback address, until ingress knows the real one. */
export const DEFAULT_DOMAIN = '127-0-0-1.batrsinc.co';

/** What a public URL is derived from (the sso spec's fields today). */
export interface PublicUrlSource {
  readonly domain: string;
  readonly urls: Readonly<Record<string, string>>;
}

/**
 * The public base URL (no trailing slash) of the UI reached by host name `name`.
 * @example publicUrl('grafana', { domain: '127-0-0-1.batrsinc.co', urls: {} }) // 'http://grafana.127-0-0-1.batrsinc.co'
 */
export function publicUrl(name: string, source: PublicUrlSource): string {
  const url = source.urls[name] ?? `http://${name}.${source.domain}`;
  return url.replace(/\/+$/, '');
}

/** The host (without port) of a URL, lower-cased; '' when it is not a URL. */
export function hostOf(url: string): string {
  const match = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url);
  return match ? match[1]!.toLowerCase() : '';
}

/** Is `host` one of the installation's hostnames: under its domain, or the host of a URL in `urls`? */
export function isInstallationHost(host: string, source: PublicUrlSource): boolean {
  if (host === '') return false;
  if (host === source.domain || host.endsWith(`.${source.domain}`)) return true;
  return Object.values(source.urls).some((url) => hostOf(url) === host);
}
