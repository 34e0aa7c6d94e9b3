/** What a build of the site may vary: where Home Base is. */
export interface SiteConfig {
  /** Home Base's public base URL (no trailing slash). */
  homeBaseUrl: string;
  /** Home Base's sign-up page: the call to action. */
  signUpUrl: string;
}

/** The Home Base that `npm run homebase` serves. */
export const DEFAULT_HOME_BASE_URL = 'http://127.0.0.1:4100';

/**
 * The build's configuration from the environment: `HOME_BASE_URL` (the same variable Home Base reads for its own
 * public URL), default `http://127.0.0.1:4100`. Throws naming the value when it is not an http(s) URL.
 */
export function siteConfig(env: Record<string, string | undefined> = process.env): SiteConfig {
  const raw = env.HOME_BASE_URL?.trim() || DEFAULT_HOME_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`HOME_BASE_URL "${raw}" is not a URL; expected e.g. https://home.batteriesincl.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`HOME_BASE_URL "${raw}" must be an http or https URL`);
  }
  const homeBaseUrl = raw.replace(/\/+$/, '');
  return { homeBaseUrl, signUpUrl: `${homeBaseUrl}/signup` };
}
