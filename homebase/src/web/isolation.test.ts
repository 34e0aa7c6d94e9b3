import {
  BASE_URL,
  Browser,
  createInstallationThroughPages,
  latestMail,
  signUp,
  startTestHomeBase,
} from '../testing/harness.js';

/** Variations on a real id an attacker might try: neighbours, the same id in another case, a fresh random one. */
function guesses(id: string): string[] {
  const last = id.slice(-1);
  const neighbour = id.slice(0, -1) + (last === 'f' ? 'e' : (parseInt(last, 16) + 1).toString(16));
  return [neighbour, id.replace(/^.{8}/, '00000000'), '11111111-1111-4111-8111-111111111111'];
}

describe('team isolation: a member of team A cannot reach team B by guessing ids', () => {
  let hb: Awaited<ReturnType<typeof startTestHomeBase>>;
  let alice: Browser; // team A admin
  let bob: Browser; // team B admin
  let teamA: string;
  let teamB: string;
  let installationB: string;
  let invitationB: string;
  let bobId: string;

  const teamIdOf = async (browser: Browser) => {
    const html = await (await browser.get('/teams')).text();
    return /href="\/teams\/([0-9a-f-]{36})"/.exec(html)![1]!;
  };

  beforeAll(async () => {
    hb = await startTestHomeBase();
    alice = new Browser(hb.app);
    bob = new Browser(hb.app);
    await signUp(alice, hb.store, 'alice@a.example');
    await signUp(bob, hb.store, 'bob@b.example');
    teamA = await teamIdOf(alice);
    teamB = await teamIdOf(bob);
    await createInstallationThroughPages(alice, { slug: 'alpha' });
    installationB = await createInstallationThroughPages(bob, { slug: 'bravo', batteries: ['redis'] });
    await bob.submit(`/teams/${teamB}`, `/teams/${teamB}/invitations`, { email: 'carol@b.example' });
    invitationB = (await hb.store.listTeamInvitations(teamB))[0]!.id;
    bobId = (await hb.store.findUserByEmail('bob@b.example'))!.id;
  }, 120_000);
  afterAll(() => hb.close());

  it('does not list team B’s installations to team A', async () => {
    const html = await (await alice.get('/installations')).text();
    expect(html).toContain('alpha');
    expect(html).not.toContain('bravo');
  });

  it('GET /installations/:id — 404 for B’s id and for guesses', async () => {
    for (const id of [installationB, ...guesses(installationB)]) {
      const response = await alice.get(`/installations/${id}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('bravo');
    }
    expect((await bob.get(`/installations/${installationB}`)).status).toBe(200);
  });

  it('POST /installations/:id/delete — 404, and B’s installation stays', async () => {
    await alice.get('/installations');
    expect((await alice.post(`/installations/${installationB}/delete`)).status).toBe(404);
    expect(await hb.store.getInstallation(installationB)).toBeDefined();
  });

  it('GET /api/v1/installations/:id/spec — guessed ids get nothing, with or without A’s cookies', async () => {
    for (const id of guesses(installationB)) {
      expect((await alice.request(`/api/v1/installations/${id}/spec`)).status).toBe(404);
      expect((await hb.app.request(`${BASE_URL}/api/v1/installations/${id}/spec`)).status).toBe(404);
    }
    // Ids are random v4 UUIDs (122 random bits): the id is the capability, so it is never shown outside team B.
    expect(installationB).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('GET /teams/:id — 404 for team B', async () => {
    const response = await alice.get(`/teams/${teamB}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('bob@b.example');
  });

  it('POST /teams/:id/switch — 404: A cannot make B its active team', async () => {
    await alice.get('/teams');
    expect((await alice.post(`/teams/${teamB}/switch`)).status).toBe(404);
    expect((await alice.get(`/installations/${installationB}`)).status).toBe(404);
  });

  it('POST /teams/:id/invitations — 404: A cannot invite itself into B', async () => {
    await alice.get('/teams');
    expect(
      (await alice.post(`/teams/${teamB}/invitations`, { email: 'alice@a.example', isAdmin: 'true' })).status,
    ).toBe(404);
    expect((await hb.store.listTeamInvitations(teamB)).map((i) => i.email)).toEqual(['carol@b.example']);
  });

  it('POST /teams/:id/invitations/:id/delete — 404 on B’s team and through A’s own team', async () => {
    await alice.get('/teams');
    expect((await alice.post(`/teams/${teamB}/invitations/${invitationB}/delete`)).status).toBe(404);
    expect((await alice.post(`/teams/${teamA}/invitations/${invitationB}/delete`)).status).toBe(404);
    expect(await hb.store.listTeamInvitations(teamB)).toHaveLength(1);
  });

  it('POST /teams/:id/members/:user/remove — refused on B’s team and through A’s own team', async () => {
    await alice.get('/teams');
    expect((await alice.post(`/teams/${teamB}/members/${bobId}/remove`)).status).toBe(404);
    expect((await alice.post(`/teams/${teamA}/members/${bobId}/remove`)).status).toBe(409);
    expect((await hb.store.listMembers(teamB)).map((m) => m.email)).toEqual(['bob@b.example']);
  });

  it('POST /teams/:id/members/:user/role — refused on B’s team and through A’s own team', async () => {
    await alice.get('/teams');
    expect((await alice.post(`/teams/${teamB}/members/${bobId}/role`, { isAdmin: 'false' })).status).toBe(
      404,
    );
    expect((await alice.post(`/teams/${teamA}/members/${bobId}/role`, { isAdmin: 'false' })).status).toBe(
      409,
    );
    expect((await hb.store.listMembers(teamB)).map((m) => m.isAdmin)).toEqual([true]);
  });

  it('POST /invitations/:id/accept — 404 for an invitation addressed to someone else', async () => {
    await alice.get('/teams');
    expect((await alice.post(`/invitations/${invitationB}/accept`)).status).toBe(404);
    expect(
      await hb.store.getMembership(teamB, (await hb.store.findUserByEmail('alice@a.example'))!.id),
    ).toBeUndefined();
  });

  it('a signed-out visitor is sent to log in on every team-scoped page', async () => {
    const anonymous = new Browser(hb.app);
    for (const path of [
      '/installations',
      `/installations/${installationB}`,
      `/teams/${teamB}`,
      '/teams',
      '/settings',
    ]) {
      const response = await anonymous.get(path);
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 303, '/login']);
    }
    await anonymous.get('/login');
    expect((await anonymous.post(`/installations/${installationB}/delete`)).status).toBe(401);
  });

  it('an invited member sees B only after joining, and only as a member', async () => {
    const carol = new Browser(hb.app);
    await signUp(carol, hb.store, 'carol@b.example');
    expect((await latestMail(hb.store, 'carol@b.example')).subject).toBe(
      'Confirm your Batteries Included account',
    );
    expect((await carol.get(`/installations/${installationB}`)).status).toBe(404);
    const teams = await (await carol.get('/teams')).text();
    expect(teams).toContain(`/invitations/${invitationB}/accept`);
    expect((await carol.post(`/invitations/${invitationB}/accept`)).headers.get('location')).toBe(
      '/installations',
    );
    expect((await carol.get(`/installations/${installationB}`)).status).toBe(200);
    // A member cannot invite or remove.
    await carol.get(`/teams/${teamB}`);
    expect((await carol.post(`/teams/${teamB}/invitations`, { email: 'mallory@x.example' })).status).toBe(
      403,
    );
    expect((await carol.post(`/teams/${teamB}/members/${bobId}/remove`)).status).toBe(403);
    expect((await carol.post(`/teams/${teamB}/members/${bobId}/role`, { isAdmin: 'false' })).status).toBe(
      403,
    );
  });

  it('an admin changes roles, but never demotes the last admin', async () => {
    const carolId = (await hb.store.findUserByEmail('carol@b.example'))!.id;
    await bob.get(`/teams/${teamB}`);
    expect((await bob.post(`/teams/${teamB}/members/${bobId}/role`, { isAdmin: 'false' })).status).toBe(409);
    await bob.get(`/teams/${teamB}`);
    expect((await bob.post(`/teams/${teamB}/members/${carolId}/role`, { isAdmin: 'true' })).status).toBe(303);
    expect((await hb.store.getMembership(teamB, carolId))?.isAdmin).toBe(true);
    await bob.get(`/teams/${teamB}`);
    expect((await bob.post(`/teams/${teamB}/members/${bobId}/role`, { isAdmin: 'false' })).status).toBe(303);
    expect((await hb.store.getMembership(teamB, bobId))?.isAdmin).toBe(false);
  });
});
