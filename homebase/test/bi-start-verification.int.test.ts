// `bi start <Home Base spec URL>` refuses specs that are not what Home Base signed — tampered, signed with another
// key, expired, unsigned — with a clear error and without touching anything. Home Base runs for real on a port;
// a small proxy in front of it plays the attacker; `bi` runs from source with the CLI's kind/docker stand-ins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { freePort } from '@batteries-included/testenv';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import {
  Browser,
  createInstallationThroughPages,
  freshPgliteStore,
  signUp,
  TEST_SECRET,
} from '../src/testing/harness.js';
import { createSecretBox } from '../src/crypto/secret-box.js';
import type { Store } from '../src/store/store.js';
import { createHomeBaseApp } from '../src/web/app.js';
import { installFakeTools, type FakeTools, runBi } from '@batteries-included/cli/testing';

type Mode = 'tampered' | 'wrong-key' | 'unsigned';

function listen(server: Server | ServerType): Promise<number> {
  return new Promise((resolve) =>
    server.once('listening', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('bi start refuses specs Home Base did not sign', () => {
  let store: Store;
  let homeBase: ServerType;
  let proxy: Server;
  let fakes: FakeTools;
  let homeUrl: string;
  let proxyUrl: string;
  let installationId: string;
  const clock = { now: new Date() };
  let mode: Mode = 'tampered';

  beforeAll(async () => {
    store = await freshPgliteStore();
    fakes = installFakeTools({ kubeconfigPath: '/nonexistent/kubeconfig' });
    // Port first (the base URL goes into specs), then the app.
    const port = await freePort();
    homeUrl = `http://127.0.0.1:${port}`;
    const { app } = createHomeBaseApp({
      store,
      box: createSecretBox(TEST_SECRET),
      baseUrl: homeUrl,
      now: () => clock.now,
    });
    homeBase = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
    const browser = new Browser(app, homeUrl);
    await signUp(browser, store, 'verify@example.com');
    installationId = await createInstallationThroughPages(browser, { slug: 'verify', batteries: ['redis'] });

    const stranger = await generateKeyPair('ES256', { extractable: true });
    proxy = createServer(async (req, res) => {
      const upstream = await fetch(`${homeUrl}${req.url}`);
      let body = (await upstream.json()) as Record<string, unknown>;
      if (req.url?.endsWith('/spec')) {
        const jws = body.jws as string;
        const [header, , signature] = jws.split('.');
        const claims = decodeJwt(jws) as Record<string, unknown> & { spec: { batteries: unknown[] } };
        if (mode === 'tampered') {
          claims.spec.batteries.push({ type: 'ollama', spec: {} });
          body = {
            jws: [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.'),
          };
        } else if (mode === 'wrong-key') {
          // Re-signed by someone else, claiming Home Base's kid.
          body = {
            jws: await new SignJWT(claims)
              .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(jws).kid })
              .sign(stranger.privateKey),
          };
        } else {
          body = claims.spec as unknown as Record<string, unknown>;
        }
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }).listen(0, '127.0.0.1');
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (homeBase ? homeBase.close(resolve) : resolve(undefined)));
    await store?.close();
    fakes?.cleanup();
  });

  const start = (base: string) =>
    // A local Home Base is self-hosted: trusted explicitly (bi otherwise trusts only the pinned production keys).
    runBi(
      [
        'start',
        `${base}/api/v1/installations/${installationId}/spec`,
        '--local-operator',
        '--home-base-keys',
        `${homeUrl}/api/v1/keys`,
      ],
      { env: fakes.env, timeoutMs: 60_000 },
    );

  it('refuses a tampered spec', async () => {
    mode = 'tampered';
    const result = await start(proxyUrl);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refused: the signature does not verify');
    expect(fakes.calls()).toEqual([]);
  }, 90_000);

  it('refuses a spec signed with another key', async () => {
    mode = 'wrong-key';
    const result = await start(proxyUrl);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused: (the signature does not verify|no Home Base key matches)/);
    expect(fakes.calls()).toEqual([]);
  }, 90_000);

  it('refuses an unsigned spec', async () => {
    mode = 'unsigned';
    const result = await start(proxyUrl);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refused: the spec is not signed');
    expect(fakes.calls()).toEqual([]);
  }, 90_000);

  it('refuses an expired spec', async () => {
    clock.now = new Date(Date.now() - 2 * 3_600_000);
    try {
      const result = await start(homeUrl);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('refused: the signed spec has expired');
      expect(fakes.calls()).toEqual([]);
    } finally {
      clock.now = new Date();
    }
  }, 90_000);
});
