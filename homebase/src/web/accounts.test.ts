import { latestMail, signUp, startTestHomeBase, Browser, BASE_URL } from '../testing/harness.js';
import { tokenHash } from '../crypto/tokens.js';

const METRICS_TOKEN = 'a-metrics-token';

describe('accounts through the pages', () => {
  let hb: Awaited<ReturnType<typeof startTestHomeBase>>;
  beforeAll(async () => {
    // This suite reads /dev/outbox, so it opts in (allowed: BASE_URL is plain http on loopback).
    hb = await startTestHomeBase({ showOutbox: true, metricsToken: METRICS_TOKEN });
  }, 60_000);
  afterAll(() => hb.close());

  it('signs up, confirms from the outbox and logs in', async () => {
    const browser = new Browser(hb.app);
    await browser.get('/signup');
    const response = await browser.post('/signup', {
      email: 'Ada@Example.com',
      password: 'correct horse battery',
      confirmation: 'correct horse battery',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?n=check-email');

    const outbox = await browser.get('/dev/outbox');
    const mail = await latestMail(hb.store, 'ada@example.com');
    expect(mail.subject).toBe('Confirm your Batteries Included account');
    expect(await outbox.text()).toContain(mail.link);

    // Not confirmed yet: login is refused and a new link goes out.
    await browser.get('/login');
    const early = await browser.post('/login', {
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(early.status).toBe(403);
    expect(await early.text()).toContain('Confirm your email first');

    const path = new URL(mail.link!).pathname;
    await browser.get(path);
    const confirmed = await browser.post(path);
    // Confirming signs nobody in (issue 20, item 9): the owner logs in next.
    expect(confirmed.headers.get('location')).toBe('/login?n=confirmed');
    await browser.get('/login');
    await browser.post('/login', { email: 'ada@example.com', password: 'correct horse battery' });
    const page = await browser.get('/installations');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ada&#39;s team');

    // The link is single-use.
    await browser.get(path);
    expect((await browser.post(path)).status).toBe(400);
  });

  it('stores a memory-hard salted hash, never the password', async () => {
    const user = await hb.store.findUserByEmail('ada@example.com');
    expect(user?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(user?.passwordHash).not.toContain('correct horse');
  });

  it('answers sign-up of a taken email exactly like a new one, and tells only the owner', async () => {
    const browser = new Browser(hb.app);
    const response = await browser.submit('/signup', '/signup', {
      email: 'ada@example.com',
      password: 'another long password',
      confirmation: 'another long password',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?n=check-email');
    expect((await latestMail(hb.store, 'ada@example.com')).subject).toBe(
      'Someone tried to sign up with your email',
    );
  });

  it('refuses short or mismatched passwords with a message naming the problem', async () => {
    const browser = new Browser(hb.app);
    const short = await browser.submit('/signup', '/signup', {
      email: 'x@example.com',
      password: 'short',
      confirmation: 'short',
    });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('at least 12 characters');
    const differ = await browser.submit('/signup', '/signup', {
      email: 'x@example.com',
      password: 'long enough password',
      confirmation: 'long enough passwort',
    });
    expect(await differ.text()).toContain('The two passwords differ.');
  });

  it('logs in with HttpOnly SameSite cookies and logs out', async () => {
    const browser = new Browser(hb.app);
    await browser.get('/login');
    const response = await browser.post('/login', {
      email: 'ADA@example.com',
      password: 'correct horse battery',
    });
    expect(response.status).toBe(303);
    const cookie = response.headers
      .getSetCookie()
      .filter((c) => c.startsWith('bi_session='))
      .pop();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await browser.get('/installations')).status).toBe(200);
    await browser.post('/logout');
    const after = await browser.get('/installations');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/login');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = new Browser(hb.app);
    const a = await wrong.submit('/login', '/login', {
      email: 'ada@example.com',
      password: 'wrong password!!',
    });
    const unknown = new Browser(hb.app);
    const b = await unknown.submit('/login', '/login', {
      email: 'nobody@example.com',
      password: 'wrong password!!',
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const message = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
    expect(message(await a.text())).toBe('Invalid email or password.');
    expect(message(await b.text())).toBe('Invalid email or password.');
  });

  it('refuses a form without its CSRF token, with another session’s token, or from another origin', async () => {
    const browser = new Browser(hb.app);
    await browser.get('/login');
    const token = browser.csrf();
    const missing = await browser.post('/login', {
      _csrf: '',
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Form expired');

    const other = new Browser(hb.app);
    await other.get('/login');
    const foreign = await browser.post('/login', {
      _csrf: other.csrf(),
      email: 'ada@example.com',
      password: 'x',
    });
    expect(foreign.status).toBe(403);

    const crossSite = await browser.post(
      '/login',
      { _csrf: token, email: 'ada@example.com', password: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('Cross-site request refused');
  });

  it('resets a password from the emailed link, revoking every session, with a uniform answer', async () => {
    const signedIn = new Browser(hb.app);
    await signedIn.submit('/login', '/login', {
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect((await signedIn.get('/installations')).status).toBe(200);

    const anonymous = new Browser(hb.app);
    const known = await anonymous.submit('/reset', '/reset', { email: 'ada@example.com' });
    const unknown = await anonymous.submit('/reset', '/reset', { email: 'nobody@example.com' });
    expect([known.status, known.headers.get('location')]).toEqual([303, '/login?n=check-email']);
    expect([unknown.status, unknown.headers.get('location')]).toEqual([303, '/login?n=check-email']);

    const { link, subject } = await latestMail(hb.store, 'ada@example.com');
    expect(subject).toBe('Reset your Batteries Included password');
    const path = new URL(link!).pathname;
    const reset = await anonymous.submit(path, path, {
      password: 'a brand new password',
      confirmation: 'a brand new password',
    });
    expect(reset.headers.get('location')).toBe('/login?n=password-reset');

    expect((await signedIn.get('/installations')).status).toBe(303);
    const old = await new Browser(hb.app).submit('/login', '/login', {
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    expect(old.status).toBe(401);
    const fresh = await new Browser(hb.app).submit('/login', '/login', {
      email: 'ada@example.com',
      password: 'a brand new password',
    });
    expect(fresh.status).toBe(303);
  });

  it('refuses an expired reset link', async () => {
    const browser = new Browser(hb.app);
    await browser.submit('/reset', '/reset', { email: 'ada@example.com' });
    const { link } = await latestMail(hb.store, 'ada@example.com');
    const path = new URL(link!).pathname;
    hb.clock.now = new Date(Date.now() + 2 * 3_600_000);
    try {
      const response = await browser.submit(path, path, {
        password: 'yet another password',
        confirmation: 'yet another password',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('used, expired or unknown');
    } finally {
      hb.clock.now = new Date();
    }
  });

  it('changing the password signs out every other session and keeps this one', async () => {
    const email = 'grace@example.com';
    const here = new Browser(hb.app);
    await signUp(here, hb.store, email);
    const elsewhere = new Browser(hb.app);
    await elsewhere.submit('/login', '/login', { email, password: 'correct horse battery' });
    const user = await hb.store.findUserByEmail(email);
    expect(await hb.store.countSessions(user!.id)).toBe(2);

    const changed = await here.submit('/settings', '/settings', {
      current: 'correct horse battery',
      password: 'changed password here',
      confirmation: 'changed password here',
    });
    expect(changed.headers.get('location')).toBe('/settings?n=password-changed');
    expect(await hb.store.countSessions(user!.id)).toBe(1);
    expect((await here.get('/installations')).status).toBe(200);
    expect((await elsewhere.get('/installations')).status).toBe(303);
    expect(await hb.store.getSession(tokenHash(here.cookies.get('bi_session')!), new Date())).toBeDefined();
  });

  it('sends security headers on every response', async () => {
    for (const path of ['/login', '/api/v1/keys', '/healthz']) {
      const response = await hb.app.request(`${BASE_URL}${path}`);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    expect(await (await hb.app.request(`${BASE_URL}/login`)).text()).not.toMatch(/<script>|style=/);
  });

  it('serves health and Prometheus metrics', async () => {
    expect(await (await hb.app.request(`${BASE_URL}/healthz`)).json()).toEqual({ status: 'ok' });
    const metrics = await (
      await hb.app.request(`${BASE_URL}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toContain('# TYPE homebase_http_requests_total counter');
    expect(metrics).toMatch(/homebase_signups_total \d+/);
  });

  it('serves the copy script and stylesheet as files (the CSP allows no inline code)', async () => {
    const script = await hb.app.request(`${BASE_URL}/static/copy.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('navigator.clipboard.writeText');
    expect((await hb.app.request(`${BASE_URL}/static/style.css`)).headers.get('content-type')).toContain(
      'text/css',
    );
    expect((await hb.app.request(`${BASE_URL}/static/nope.js`)).status).toBe(404);
  });
});

describe('the development outbox page', () => {
  it('is not served unless enabled (it lists every mail, links included)', async () => {
    const hb = await startTestHomeBase({ showOutbox: false });
    try {
      expect((await hb.app.request(`${BASE_URL}/dev/outbox`)).status).toBe(404);
    } finally {
      await hb.close();
    }
  }, 60_000);
});

describe('over https', () => {
  it('uses __Host- Secure cookies and HSTS', async () => {
    const hb = await startTestHomeBase({ baseUrl: 'https://home.example.com' });
    try {
      const response = await hb.app.request('https://home.example.com/login');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      const cookie = response.headers.getSetCookie()[0];
      expect(cookie).toMatch(/^__Host-bi_anon=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
    } finally {
      await hb.close();
    }
  }, 60_000);
});

describe('rate limits', () => {
  let hb: Awaited<ReturnType<typeof startTestHomeBase>>;
  beforeAll(async () => {
    hb = await startTestHomeBase({
      rateLimits: {
        signInPerAccount: { max: 3, windowMs: 60_000 },
        signUpPerIp: { max: 2, windowMs: 60_000 },
        resetPerAccount: { max: 1, windowMs: 60_000 },
        apiPerIp: { max: 3, windowMs: 60_000 },
      },
    });
  }, 60_000);
  afterAll(() => hb.close());

  it('limits sign-in per account with a clear 429 and Retry-After, whatever the password', async () => {
    const responses = [];
    for (let i = 0; i < 4; i++) {
      responses.push(
        await new Browser(hb.app).submit('/login', '/login', {
          email: 'victim@example.com',
          password: `guess ${i}`,
        }),
      );
    }
    const statuses = responses.map((response) => response.status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = responses[3]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Too many sign-in attempts');
    // Another account is not affected.
    expect(
      (await new Browser(hb.app).submit('/login', '/login', { email: 'other@example.com', password: 'x' }))
        .status,
    ).toBe(401);
  });

  it('limits sign-up per address and reset per account', async () => {
    const browser = new Browser(hb.app);
    const signUps = [];
    for (const n of [1, 2, 3]) {
      signUps.push(
        (
          await browser.submit('/signup', '/signup', {
            email: `n${n}@example.com`,
            password: 'x',
            confirmation: 'x',
          })
        ).status,
      );
    }
    expect(signUps).toEqual([422, 422, 429]);
    const resets = [];
    for (let i = 0; i < 2; i++)
      resets.push((await browser.submit('/reset', '/reset', { email: 'victim@example.com' })).status);
    expect(resets).toEqual([303, 429]);
  });

  it('limits the public API per address with a problem+json 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await hb.app.request(`${BASE_URL}/api/v1/keys`));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(statuses[3]!.headers.get('content-type')).toContain('application/problem+json');
    expect(await statuses[3]!.json()).toMatchObject({
      status: 429,
      detail: expect.stringContaining('Too many API attempts'),
    });
  });
});
