import { createPgliteSql, emptyPgliteDataDir } from '@batteries-included/sql';
import { createSecretBox } from '../crypto/secret-box.js';
import { createStore, type Store } from '../store/store.js';
import { createHomeBaseApp, type HomeBaseApp, type HomeBaseAppOptions } from '../web/app.js';

/** A store on a fresh in-memory PGlite database (started from a dump: initdb runs once per test file). */
export async function freshPgliteStore(): Promise<Store> {
  return createStore(await createPgliteSql({ loadDataDir: await emptyPgliteDataDir() }));
}

export const TEST_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
/** A loopback base URL: the only kind on which the dev outbox may be turned on. */
export const BASE_URL = 'http://127.0.0.1:4100';

/** Home Base on a fresh PGlite store with a settable clock (the dev outbox off unless `showOutbox`). */
export async function startTestHomeBase(
  options: Partial<HomeBaseAppOptions> = {},
): Promise<HomeBaseApp & { store: Store; clock: { now: Date }; close(): Promise<void> }> {
  const store = options.store ?? (await freshPgliteStore());
  const clock = { now: new Date() };
  const homeBase = createHomeBaseApp({
    store,
    box: createSecretBox(TEST_SECRET),
    baseUrl: BASE_URL,
    now: () => clock.now,
    ...options,
  });
  return { ...homeBase, store, clock, close: () => store.close() };
}

type Fetchable = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/**
 * A browser stand-in over `app.request()`: keeps cookies, sends the Origin header a browser sends, and fills in
 * the CSRF token from the page it last read.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    private readonly app: Fetchable,
    private readonly origin = BASE_URL,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value = ''] = pair!.split('=');
      const expired = attributes.some(
        (a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  async get(path: string): Promise<Response> {
    const response = await this.request(path);
    if ((response.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await response.clone().text();
    return response;
  }

  /** The CSRF token of the last page read. */
  csrf(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!match) throw new Error('the last page has no CSRF token');
    return match[1]!;
  }

  /** Posts a form as a browser would, with the CSRF token of the last page unless `fields._csrf` is given. */
  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf());
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    const response = await this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin, ...headers },
    });
    if ((response.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await response.clone().text();
    return response;
  }

  /** GETs `formPage` (for its CSRF token), then posts `fields` to `action`. */
  async submit(
    formPage: string,
    action: string,
    fields: Record<string, string | string[]>,
  ): Promise<Response> {
    await this.get(formPage);
    return this.post(action, fields);
  }
}

/** The newest mail to `to` in the store's outbox, and the first Home Base link in it. */
export async function latestMail(
  store: Store,
  to: string,
): Promise<{ subject: string; body: string; link?: string }> {
  const mail = (await store.listOutbox()).find((m) => m.to.toLowerCase() === to.toLowerCase());
  if (!mail) throw new Error(`no mail to ${to}`);
  const link = /https?:\/\/\S+\/(?:confirm|reset)\/\S+/.exec(mail.body)?.[0];
  return { subject: mail.subject, body: mail.body, link };
}

/**
 * Signs up and confirms `email` through the pages, then logs in (confirming signs nobody in); the browser ends
 * signed in, in the user's own team.
 */
export async function signUp(
  browser: Browser,
  store: Store,
  email: string,
  password = 'correct horse battery',
): Promise<void> {
  const response = await browser.submit('/signup', '/signup', { email, password, confirmation: password });
  if (response.status !== 303)
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  const { link } = await latestMail(store, email);
  const path = new URL(link!).pathname;
  await browser.get(path);
  const confirmed = await browser.post(path);
  if (confirmed.status !== 303) throw new Error(`confirm answered ${confirmed.status}`);
  const login = await browser.submit('/login', '/login', { email, password });
  if (login.status !== 303) throw new Error(`login answered ${login.status}: ${await login.text()}`);
}

/** Creates an installation through the pages and resolves with its id. */
export async function createInstallationThroughPages(
  browser: Browser,
  { slug, batteries = [], provider = 'kind' }: { slug: string; batteries?: string[]; provider?: string },
): Promise<string> {
  const response = await browser.submit('/installations/new', '/installations', {
    slug,
    provider,
    usage: 'development',
    defaultSize: 'tiny',
    batteries,
  });
  const location = response.headers.get('location') ?? '';
  const id = /^\/installations\/([0-9a-f-]{36})$/.exec(location)?.[1];
  if (!id)
    throw new Error(`creating ${slug} answered ${response.status} ${location}: ${await response.text()}`);
  return id;
}
