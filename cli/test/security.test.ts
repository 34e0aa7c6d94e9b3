// Issue 20, item 20: `bi start URL` trusts only Home Base's pinned key set (or the one --home-base-keys names) and
// checks `iss`, so a hostile origin cannot vouch for its own spec. Each test is an attack that succeeded before.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { INSTALL_SPEC_VERSION } from '@batteries-included/batteries';
import { PINNED_HOME_BASE } from '../src/install/home-base-keys.js';
import { resolveInstallSpec } from '../src/install/spec-source.js';

const spec = {
  apiVersion: INSTALL_SPEC_VERSION,
  slug: 'hostile',
  kubeCluster: { provider: 'kind', config: {} },
  batteries: [{ type: 'redis', spec: {} }],
};

describe('security: bi start trusts only the pinned Home Base keys and its issuer', () => {
  let server: Server;
  let origin: string;
  let dir: string;
  let signer: CryptoKey;
  let jwks: { keys: JWK[] };
  const routes = new Map<string, unknown>();
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'hostile' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signer);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signer = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'hostile', alg: 'ES256', use: 'sig' }] };
    server = createServer((req, res) => {
      const body = routes.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // The hostile origin serves its own keys where Home Base serves its keys.
    routes.set('/api/v1/keys', jwks);
    dir = mkdtempSync(join(tmpdir(), 'bi-security-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('20. refuses a spec an origin signed with its own keys, however well-formed', async () => {
    routes.set('/api/v1/installations/i-1/spec', { jws: await signed({ iss: origin, sub: 'i-1', spec }) });
    await expect(resolveInstallSpec(`${origin}/api/v1/installations/i-1/spec`)).rejects.toThrow(
      new RegExp(
        `no Home Base key matches the signature .*trusts the keys of ${PINNED_HOME_BASE.issuer} shipped with it`,
      ),
    );
  });

  it('20. refuses a spec whose iss is not the trusted Home Base, even under a trusted key', async () => {
    // Trusted keys (a self-hosted Home Base named by --home-base-keys) but a spec issued as someone else.
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ issuer: 'https://home.example.com', ...jwks }));
    routes.set('/api/v1/installations/i-2/spec', { jws: await signed({ iss: origin, sub: 'i-2', spec }) });
    await expect(
      resolveInstallSpec(`${origin}/api/v1/installations/i-2/spec`, { homeBaseKeys: keys }),
    ).rejects.toThrow(
      /was not issued by https:\/\/home\.example\.com \(its iss is "http:\/\/127\.0\.0\.1:\d+"\)/,
    );
    // No iss at all is refused too.
    routes.set('/api/v1/installations/i-3/spec', { jws: await signed({ sub: 'i-3', spec }) });
    await expect(
      resolveInstallSpec(`${origin}/api/v1/installations/i-3/spec`, { homeBaseKeys: keys }),
    ).rejects.toThrow(/was not issued by/);
  });

  it('20. trusts a self-hosted Home Base only when named, with iss = its origin', async () => {
    routes.set('/api/v1/installations/i-4/spec', { jws: await signed({ iss: origin, sub: 'i-4', spec }) });
    const resolved = await resolveInstallSpec(`${origin}/api/v1/installations/i-4/spec`, {
      homeBaseKeys: `${origin}/api/v1/keys`,
    });
    expect(resolved.verified).toBe(true);
    expect(resolved.spec.slug).toBe('hostile');
  });

  it('20. ships a pinned key set: an https issuer and ES256 public keys only (no private parts)', () => {
    expect(new URL(PINNED_HOME_BASE.issuer).protocol).toBe('https:');
    expect(PINNED_HOME_BASE.keys.length).toBeGreaterThan(0);
    for (const key of PINNED_HOME_BASE.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
      expect(key).not.toHaveProperty('d');
    }
  });
});
