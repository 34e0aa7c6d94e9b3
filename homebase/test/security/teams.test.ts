// Issue 20, Home Base items 8 (ids), 10 and 13: attacks by a signed-in user, through `app.request()`.
import {
  BASE_URL,
  Browser,
  createInstallationThroughPages,
  signUp,
  startTestHomeBase,
} from '../../src/testing/harness.js';

type TestHomeBase = Awaited<ReturnType<typeof startTestHomeBase>>;

const teamIdOf = async (browser: Browser) => {
  const html = await (await browser.get('/teams')).text();
  return /href="\/teams\/([0-9a-f-]{36})"/.exec(html)![1]!;
};

describe('security: teams, invitations, installations and metrics (Home Base)', () => {
  let hb: TestHomeBase;
  let admin: Browser;
  let member: Browser;
  let teamId: string;
  const metricsToken = 'metrics-token-for-tests';

  beforeAll(async () => {
    hb = await startTestHomeBase({
      metricsToken,
      rateLimits: {
        invitationsPerUser: { max: 3, windowMs: 60 * 60_000 },
        teamsPerUser: { max: 2, windowMs: 60 * 60_000 },
      },
    });
    admin = new Browser(hb.app);
    member = new Browser(hb.app);
    await signUp(admin, hb.store, 'admin@example.com');
    await signUp(member, hb.store, 'member@example.com');
    teamId = await teamIdOf(admin);
    await admin.submit(`/teams/${teamId}`, `/teams/${teamId}/invitations`, { email: 'member@example.com' });
    const [invitation] = await hb.store.listInvitationsFor(
      (await hb.store.findUserByEmail('member@example.com'))!.id,
      'member@example.com',
    );
    await member.submit('/teams', `/invitations/${invitation!.id}/accept`, {});
  }, 120_000);
  afterAll(() => hb.close());

  it('8. ids that are not canonical UUIDs (36 dashes) are a 404 on every route, never a 500', async () => {
    const dashes = '-'.repeat(36);
    await admin.get('/teams');
    for (const path of [
      `/teams/${dashes}/switch`,
      `/teams/${teamId}/invitations/${dashes}/delete`,
      `/invitations/${dashes}/accept`,
      `/installations/${dashes}/delete`,
    ]) {
      expect([path, (await admin.post(path)).status]).toEqual([path, 404]);
    }
    expect((await admin.get(`/teams/${dashes}`)).status).toBe(404);
    expect((await admin.get(`/installations/${dashes}`)).status).toBe(404);
    expect((await hb.app.request(`${BASE_URL}/api/v1/installations/${dashes}/spec`)).status).toBe(404);
    // Member routes answer 409 for an id that is not a member (the same as for an unknown one).
    await admin.get(`/teams/${teamId}`);
    expect((await admin.post(`/teams/${teamId}/members/${dashes}/remove`)).status).toBe(409);
  });

  it('10. invitations expire after 7 days', async () => {
    await admin.submit(`/teams/${teamId}`, `/teams/${teamId}/invitations`, { email: 'late@example.com' });
    const late = new Browser(hb.app);
    await signUp(late, hb.store, 'late@example.com');
    const lateId = (await hb.store.findUserByEmail('late@example.com'))!.id;
    const [invitation] = await hb.store.listInvitationsFor(lateId, 'late@example.com', hb.clock.now);
    expect(invitation).toBeDefined();
    const saved = hb.clock.now;
    hb.clock.now = new Date(saved.getTime() + 8 * 24 * 3_600_000);
    try {
      expect(await (await late.get('/teams')).text()).not.toContain('/accept');
      expect((await late.post(`/invitations/${invitation!.id}/accept`)).status).toBe(404);
      expect((await hb.store.listTeamsOf(lateId)).map((t) => t.teamId)).not.toContain(teamId);
    } finally {
      hb.clock.now = saved;
    }
  }, 60_000);

  it('10. invitations and team creation are rate-limited per user', async () => {
    // One invitation went out in beforeAll and one in the expiry test: the third passes, the fourth is refused.
    const third = await admin.submit(`/teams/${teamId}`, `/teams/${teamId}/invitations`, {
      email: 'x3@example.com',
    });
    expect(third.status).toBe(303);
    const fourth = await admin.submit(`/teams/${teamId}`, `/teams/${teamId}/invitations`, {
      email: 'x4@example.com',
    });
    expect(fourth.status).toBe(429);
    expect(await fourth.text()).toContain('Too many invitation attempts');
    const statuses = [];
    for (const name of ['one', 'two', 'three']) {
      statuses.push((await member.submit('/teams', '/teams', { name })).status);
    }
    expect(statuses).toEqual([303, 303, 429]);
  });

  it('13. only team admins may delete installations, as only admins may invite', async () => {
    await member.submit('/teams', `/teams/${teamId}/switch`, {});
    const id = await createInstallationThroughPages(admin, { slug: 'kept' });
    const page = await member.get(`/installations/${id}`);
    expect(await page.text()).not.toContain('/delete');
    await member.get('/installations');
    const refused = await member.post(`/installations/${id}/delete`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only team admins can delete installations');
    expect(await hb.store.getInstallation(id)).toBeDefined();
    await admin.get(`/installations/${id}`);
    expect((await admin.post(`/installations/${id}/delete`)).status).toBe(303);
    expect(await hb.store.getInstallation(id)).toBeUndefined();
  });

  it('13. /metrics needs its bearer token, and is not served at all without one configured', async () => {
    expect((await hb.app.request(`${BASE_URL}/metrics`)).status).toBe(401);
    const wrong = await hb.app.request(`${BASE_URL}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await hb.app.request(`${BASE_URL}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('homebase_http_requests_total');
    const unconfigured = await startTestHomeBase();
    try {
      expect((await unconfigured.app.request(`${BASE_URL}/metrics`)).status).toBe(404);
    } finally {
      await unconfigured.close();
    }
  }, 60_000);
});
