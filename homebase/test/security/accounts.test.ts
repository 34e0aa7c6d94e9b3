// Issue 20, Home Base items 1–4 and 7–9: each test is an attack as a request through `app.request()`, and fails on
// the code before the fix. docs/security.md maps each defence to its test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { BASE_URL, Browser, latestMail, signUp, startTestHomeBase } from '../../src/testing/harness.js';
import { createHomeBaseApp } from '../../src/web/app.js';

type TestHomeBase = Awaited<ReturnType<typeof startTestHomeBase>>;

describe('security: accounts and forms (Home Base)', () => {
  let hb: TestHomeBase;
  beforeAll(async () => {
    hb = await startTestHomeBase();
  }, 60_000);
  afterAll(() => hb.close());

  it('1. the dev outbox is opt-in, and refused on https or a non-loopback base URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bi-homebase-outbox-'));
    try {
      expect(loadConfig({ HOME_BASE_DATA_DIR: dir }).showOutbox).toBe(false);
      expect(loadConfig({ HOME_BASE_DATA_DIR: dir, HOME_BASE_DEV_OUTBOX: 'true' }).showOutbox).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Signed out, with the default options, the page (which would list every reset link) does not exist.
    expect((await hb.app.request(`${BASE_URL}/dev/outbox`)).status).toBe(404);
    const box = createSecretBox('s'.repeat(40));
    for (const baseUrl of ['https://home.example.com', 'http://home.example.com', 'http://0.0.0.0:4100']) {
      expect(() => createHomeBaseApp({ store: hb.store, box, baseUrl, showOutbox: true })).toThrow(
        /dev outbox .* refused for/,
      );
    }
    expect(() =>
      createHomeBaseApp({ store: hb.store, box, baseUrl: 'http://localhost:4100', showOutbox: true }),
    ).not.toThrow();
  });

  it('2. a link token that is not well-formed is a 404, so it can never steer the form elsewhere', async () => {
    const browser = new Browser(hb.app);
    const target = '11111111-1111-4111-8111-111111111111';
    for (const path of [
      `/confirm/..%2Finvitations%2F${target}%2Faccept`,
      `/reset/..%2F..%2Fteams%2F${target}%2Fswitch`,
      `/confirm/${'a'.repeat(42)}%22%3E`,
    ]) {
      const response = await browser.get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/action="[^"]*\.\./);
      // Posting there cannot reach another route either.
      await browser.get('/login');
      expect((await browser.post(path)).status).toBe(404);
    }
  });

  it('3. bodies over 64 KiB are refused before anything parses them, signed out, on any path', async () => {
    const huge = `_csrf=x&email=${'a'.repeat(1024 * 1024)}`;
    for (const path of ['/login', '/no-such-page', '/api/v1/installations/x/usage_reports']) {
      const response = await hb.app.request(`${BASE_URL}${path}`, {
        method: 'POST',
        body: huge,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE_URL },
      });
      expect(response.status).toBe(413);
    }
  });

  it('4. a client cannot choose its own address in X-Forwarded-For to escape per-IP limits', async () => {
    const proxied = await startTestHomeBase({
      trustProxy: 1,
      rateLimits: { signUpPerIp: { max: 2, windowMs: 60_000 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const browser = new Browser(proxied.app);
        await browser.get('/signup');
        // The client writes a fresh address each time; the trusted proxy appends the real one.
        const response = await browser.post(
          '/signup',
          { email: `n${i}@example.com`, password: 'x', confirmation: 'x' },
          { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
        );
        statuses.push(response.status);
      }
      expect(statuses).toEqual([422, 422, 429]);
    } finally {
      await proxied.close();
    }
  }, 60_000);

  it('7. wrong passwords from anywhere cannot lock the owner out: failures only, short backoff', async () => {
    // Attacker and owner share the test's one address: lift the per-IP limit to see the per-account rule alone.
    const site = await startTestHomeBase({ rateLimits: { signInPerIp: { max: 1000, windowMs: 60_000 } } });
    try {
      const owner = new Browser(site.app);
      await signUp(owner, site.store, 'owner@example.com', 'the owner password');
      const attacker = new Browser(site.app);
      for (let i = 0; i < 11; i++) {
        await attacker.submit('/login', '/login', { email: 'owner@example.com', password: `guess ${i}` });
      }
      const during = await attacker.submit('/login', '/login', { email: 'owner@example.com', password: 'x' });
      expect(during.status).toBe(429);
      // A minute later (the backoff's cap), the owner's correct password works.
      site.clock.now = new Date(site.clock.now.getTime() + 61_000);
      const login = await new Browser(site.app).submit('/login', '/login', {
        email: 'owner@example.com',
        password: 'the owner password',
      });
      expect(login.status).toBe(303);
      // Successful sign-ins count nothing: twelve in a row all work.
      for (let i = 0; i < 12; i++) {
        const again = await new Browser(site.app).submit('/login', '/login', {
          email: 'owner@example.com',
          password: 'the owner password',
        });
        expect(again.status).toBe(303);
      }
    } finally {
      await site.close();
    }
  }, 60_000);

  it('8. a malformed multipart body is a 400, not a 500', async () => {
    const browser = new Browser(hb.app);
    await browser.get('/login');
    for (const body of ['garbage without any boundary', `--x\r\nContent-Disposition: form-data\r\n\r\n`]) {
      const response = await browser.request('/login', {
        method: 'POST',
        body,
        headers: { 'content-type': 'multipart/form-data; boundary=x', origin: BASE_URL },
      });
      expect(response.status).toBe(400);
    }
  });

  it('9. a confirmation link confirms without signing the clicking browser in', async () => {
    const attacker = new Browser(hb.app);
    await attacker.submit('/signup', '/signup', {
      email: 'attacker@example.com',
      password: 'attacker password',
      confirmation: 'attacker password',
    });
    const { link } = await latestMail(hb.store, 'attacker@example.com');
    // The victim opens the attacker's link and clicks the button.
    const victim = new Browser(hb.app);
    const path = new URL(link!).pathname;
    await victim.get(path);
    const confirmed = await victim.post(path);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/login?n=confirmed');
    expect((await hb.store.findUserByEmail('attacker@example.com'))?.confirmedAt).toBeInstanceOf(Date);
    const installations = await victim.get('/installations');
    expect(installations.status).toBe(303);
    expect(installations.headers.get('location')).toBe('/login');
  });
});
