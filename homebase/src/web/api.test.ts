import { installSpecSchema } from '@batteries-included/batteries';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JWK,
} from 'jose';
import { signReportToken } from '../testing/report-token.js';
import {
  BASE_URL,
  Browser,
  createInstallationThroughPages,
  signUp,
  startTestHomeBase,
} from '../testing/harness.js';

const report = {
  version: '0.1.0',
  batteries: ['core', 'grafana'],
  nodes: 5,
  pods: 40,
  podsByNode: { 'node-0': 20, 'node-1': 20 },
};

describe('signed specs, keys and usage reports', () => {
  let hb: Awaited<ReturnType<typeof startTestHomeBase>>;
  let browser: Browser;
  let first: string;
  let second: string;
  const api = (path: string, init?: RequestInit) => hb.app.request(`${BASE_URL}/api/v1${path}`, init);
  const jwks = async () => createLocalJWKSet((await (await api('/keys')).json()) as { keys: JWK[] });
  const fetchSpec = async (id: string) => {
    const response = await api(`/installations/${id}/spec`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { jws: string }).jws;
  };
  const postReport = (id: string, jws: string) =>
    api(`/installations/${id}/usage_reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jws }),
    });
  const privateKeyOf = async (id: string) => {
    const { payload } = await jwtVerify(await fetchSpec(id), await jwks());
    return installSpecSchema.parse(payload.spec).homeBase!.installationKey as JWK;
  };

  beforeAll(async () => {
    hb = await startTestHomeBase();
    browser = new Browser(hb.app);
    await signUp(browser, hb.store, 'ops@example.com');
    first = await createInstallationThroughPages(browser, {
      slug: 'first',
      batteries: ['grafana', 'kube-monitoring'],
    });
    second = await createInstallationThroughPages(browser, { slug: 'second' });
  }, 60_000);
  afterAll(() => hb.close());

  it('publishes ES256 public keys only', async () => {
    const { keys } = (await (await api('/keys')).json()) as { keys: JWK[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('serves the spec as an ES256 JWS over the install spec, dependencies resolved', async () => {
    const jws = await fetchSpec(first);
    const { payload, protectedHeader } = await jwtVerify(jws, await jwks(), {
      issuer: BASE_URL,
      subject: first,
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(3600);
    const spec = installSpecSchema.parse(payload.spec);
    expect(spec.slug).toBe('first');
    expect(spec.batteries.map((b) => b.type)).toEqual([
      'core',
      'grafana',
      'victoria-metrics',
      'kube-monitoring',
    ]);
    expect(spec.batteries[0]!.spec).toMatchObject({
      clusterType: 'kind',
      clusterName: 'first',
      defaultSize: 'tiny',
    });
    expect(spec.homeBase).toMatchObject({ url: BASE_URL, installationId: first });
    expect(spec.homeBase!.installationKey).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
  });

  it('shows the install command and resolved batteries on the installation page', async () => {
    const html = await (await browser.get(`/installations/${first}`)).text();
    expect(html).toContain(`bi start ${BASE_URL}/api/v1/installations/${first}/spec`);
    expect(html).toContain('data-copy="install-command"');
    expect(html).toContain('<script src="/static/copy.js" defer></script>');
    expect(html).toMatch(/<li>victoria-metrics<\/li>/);
  });

  it('makes tampering, a wrong key and expiry detectable by the verifier', async () => {
    const jws = await fetchSpec(first);
    const [header, body, signature] = jws.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    claims.spec.batteries.push({ type: 'ollama', spec: {} });
    const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(jwtVerify(tampered, await jwks())).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );

    const stranger = await generateKeyPair('ES256', { extractable: true });
    const wrongSet = createLocalJWKSet({
      keys: [{ ...(await exportJWK(stranger.publicKey)), kid: decodeProtectedHeader(jws).kid, alg: 'ES256' }],
    });
    await expect(jwtVerify(jws, wrongSet)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);

    const later = new Date(Date.now() + 2 * 3_600_000);
    await expect(jwtVerify(jws, await jwks(), { currentDate: later })).rejects.toBeInstanceOf(
      errors.JWTExpired,
    );
  });

  it('rotates keys: new specs use the new key, specs signed with the old one still verify', async () => {
    const before = await fetchSpec(second);
    const oldKid = decodeProtectedHeader(before).kid;
    const newKid = await hb.deps.keyring.rotate();
    const { keys } = (await (await api('/keys')).json()) as { keys: JWK[] };
    expect(keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    const after = await fetchSpec(second);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    await expect(jwtVerify(before, await jwks())).resolves.toBeDefined();
    await expect(jwtVerify(after, await jwks())).resolves.toBeDefined();
  });

  it('answers an unknown installation with a 404 problem', async () => {
    const response = await api('/installations/00000000-0000-4000-8000-000000000000/spec');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await api('/installations/not-a-uuid/spec')).status).toBe(404);
  });

  it('rejects a report signed by another installation', async () => {
    const foreign = await signReportToken(await privateKeyOf(second), first, report);
    const response = await postReport(first, foreign);
    expect(response.status).toBe(401);
    expect((await response.json()).detail).toContain("does not verify with this installation's key");
  });

  it('rejects an expired report and one that claims another installation', async () => {
    const key = await privateKeyOf(first);
    const old = Math.floor(Date.now() / 1000) - 3600;
    const expired = await postReport(
      first,
      await signReportToken(key, first, report, { iat: old, exp: old + 300 }),
    );
    expect(expired.status).toBe(401);
    expect((await expired.json()).detail).toBe('the report token has expired');
    const wrongIssuer = await postReport(first, await signReportToken(key, first, report, { iss: second }));
    expect(wrongIssuer.status).toBe(401);
    expect((await wrongIssuer.json()).detail).toContain("iss (must be this installation's id)");
    const longLived = await postReport(
      first,
      await signReportToken(key, first, report, { exp: Math.floor(Date.now() / 1000) + 86400 }),
    );
    expect(longLived.status).toBe(401);
  });

  it('rejects malformed bodies and tampered reports', async () => {
    const key = await privateKeyOf(first);
    const notJson = await api(`/installations/${first}/usage_reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const token = await signReportToken(key, first, report);
    const [h, b, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(b!, 'base64url').toString());
    claims.report.nodes = 1;
    const tampered = await postReport(
      first,
      [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.'),
    );
    expect(tampered.status).toBe(401);
    const huge = await postReport(first, 'x'.repeat(70_000));
    expect(huge.status).toBe(413);
    const form = await api(`/installations/${first}/usage_reports`, {
      method: 'POST',
      body: new URLSearchParams({ jws: token }),
    });
    expect(form.status).toBe(415);
    const badShape = await postReport(first, await signReportToken(key, first, { ...report, nodes: -1 }));
    expect(badShape.status).toBe(422);
    expect((await badShape.json()).detail).toContain('nodes');
  });

  it('stores a valid report, refuses its replay, and retires the spec', async () => {
    const key = await privateKeyOf(first);
    const token = await signReportToken(key, first, report, { jti: 'report-1' });
    const stored = await postReport(first, token);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toEqual({ stored: true, jti: 'report-1' });

    const replay = await postReport(first, token);
    expect(replay.status).toBe(409);
    expect((await replay.json()).detail).toBe(
      'replayed report: a report with jti report-1 was already received',
    );

    const spec = await api(`/installations/${first}/spec`);
    expect(spec.status).toBe(410);
    expect((await spec.json()).detail).toMatch(/private key the spec carries has been retired/);
    // The installation keeps reporting with its key after the spec is gone; fields a newer operator adds are dropped.
    const newer = { ...report, pods: 60, gpus: 2 } as typeof report;
    expect((await postReport(first, await signReportToken(key, first, newer))).status).toBe(201);
    expect((await hb.store.listReports(first)).at(-1)?.report).toEqual({ ...report, pods: 60 });
  });

  it('lets the team delete an installation, after which its API answers 404', async () => {
    await browser.get(`/installations/${second}`);
    expect((await browser.post(`/installations/${second}/delete`)).headers.get('location')).toBe(
      '/installations',
    );
    expect((await browser.get(`/installations/${second}`)).status).toBe(404);
    expect((await api(`/installations/${second}/spec`)).status).toBe(404);
  });

  it('shows the latest report and the estimate on the installation page', async () => {
    const html = await (await browser.get(`/installations/${first}`)).text();
    expect(html).not.toContain('id="install-command"');
    expect(html).toContain('<td id="nodes">5</td>');
    expect(html).toContain('<td id="pods">60</td>');
    expect(html).toContain('core, grafana');
    expect(html).toContain('id="usage-chart"');
    expect(html).toMatch(/2 batteries × \$5\.00 per month/);
    expect(html).toMatch(/id="estimate-total">\$[\d,]+\.\d\d</);
  });
});
