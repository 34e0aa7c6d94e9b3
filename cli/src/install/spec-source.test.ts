import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { INSTALL_SPEC_VERSION } from '@batteries-included/batteries';
import { InvalidInputError } from '../lib/errors.js';
import { installationIdOf, resolveInstallSpec } from './spec-source.js';

const spec = {
  apiVersion: INSTALL_SPEC_VERSION,
  slug: 'demo',
  kubeCluster: { provider: 'kind', config: {} },
  batteries: [{ type: 'redis', spec: {} }],
};

/** A real HTTP server on 127.0.0.1 serving a spec and a JWKS, as Home Base does (contract C3). */
describe('resolveInstallSpec', () => {
  let server: Server;
  let origin: string;
  let dir: string;
  let jwks: { keys: JWK[] };
  let sign: (
    claims: Record<string, unknown>,
    options?: { key?: 'good' | 'other'; expiresIn?: string; iat?: number },
  ) => Promise<string>;
  const routes = new Map<string, unknown>();

  beforeAll(async () => {
    const good = await generateKeyPair('ES256', { extractable: true });
    const other = await generateKeyPair('ES256', { extractable: true });
    jwks = { keys: [{ ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
    sign = async (claims, options = {}) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' });
      const iat = options.iat ?? Math.floor(Date.now() / 1000);
      return jwt
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .sign(options.key === 'other' ? other.privateKey : good.privateKey);
    };
    server = createServer((req, res) => {
      const body = routes.get(req.url ?? '');
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { title: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;
    routes.set('/api/v1/keys', jwks);
    dir = mkdtempSync(join(tmpdir(), 'bi-spec-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** This test's Home Base is self-hosted: trusted explicitly, as `--home-base-keys <origin>/api/v1/keys` does. */
  const trusting = () => ({ homeBaseKeys: `${origin}/api/v1/keys` });
  const serve = async (id: string, claims: Record<string, unknown>, options?: Parameters<typeof sign>[1]) => {
    routes.set(`/api/v1/installations/${id}/spec`, { jws: await sign(claims, options) });
    return `${origin}/api/v1/installations/${id}/spec`;
  };

  it('accepts a spec signed by a Home Base key, with sub = the installation id', async () => {
    const url = await serve('inst-1', { iss: origin, sub: 'inst-1', spec });
    const resolved = await resolveInstallSpec(url, trusting());
    expect(resolved.verified).toBe(true);
    expect(resolved.spec.slug).toBe('demo');
    expect(resolved.spec.usage).toBe('development');
  });

  it('refuses a spec signed with another key', async () => {
    const url = await serve('inst-2', { iss: origin, sub: 'inst-2', spec }, { key: 'other' });
    await expect(resolveInstallSpec(url, trusting())).rejects.toThrow(
      /signature does not verify|no Home Base key matches/,
    );
  });

  it('refuses an expired spec', async () => {
    const url = await serve(
      'inst-3',
      { iss: origin, sub: 'inst-3', spec },
      { iat: Math.floor(Date.now() / 1000) - 7200 },
    );
    await expect(resolveInstallSpec(url, trusting())).rejects.toThrow(/expired/);
  });

  it('refuses a spec issued for another installation', async () => {
    const jws = await sign({ iss: origin, sub: 'someone-else', spec });
    routes.set('/api/v1/installations/inst-4/spec', { jws });
    await expect(
      resolveInstallSpec(`${origin}/api/v1/installations/inst-4/spec`, trusting()),
    ).rejects.toThrow(/claim does not match/);
  });

  it('refuses a tampered spec', async () => {
    const url = await serve('inst-5', { iss: origin, sub: 'inst-5', spec });
    const { jws } = routes.get('/api/v1/installations/inst-5/spec') as { jws: string };
    const [header, payload, signature] = jws.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.spec.slug = 'evil';
    routes.set('/api/v1/installations/inst-5/spec', {
      jws: [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.'),
    });
    await expect(resolveInstallSpec(url, trusting())).rejects.toThrow(/signature does not verify/);
  });

  it('refuses an unsigned remote spec unless --insecure-skip-verify', async () => {
    routes.set('/api/v1/installations/inst-6/spec', spec);
    const url = `${origin}/api/v1/installations/inst-6/spec`;
    await expect(resolveInstallSpec(url)).rejects.toThrow(/not signed/);
    expect((await resolveInstallSpec(url, { insecureSkipVerify: true })).verified).toBe(false);
  });

  it('refuses http for hosts other than loopback', async () => {
    await expect(resolveInstallSpec('http://home.example.com/api/v1/installations/x/spec')).rejects.toThrow(
      /https/,
    );
  });

  it('reads a plain local file as trusted, and a signed local file with --home-base-keys', async () => {
    const plain = join(dir, 'plain.json');
    writeFileSync(plain, JSON.stringify(spec));
    expect((await resolveInstallSpec(plain)).spec.slug).toBe('demo');
    const signed = join(dir, 'signed.json');
    writeFileSync(signed, JSON.stringify({ jws: await sign({ iss: origin, sub: 'inst-7', spec }) }));
    await expect(resolveInstallSpec(signed)).rejects.toThrow(/--home-base-keys/);
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify({ issuer: origin, ...jwks }));
    expect((await resolveInstallSpec(signed, { homeBaseKeys: keys })).verified).toBe(true);
  });

  it('names every invalid field of a spec', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...spec, slug: 'Not_A_Label', batteries: [] }));
    const error = await resolveInstallSpec(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/slug/);
    expect((error as Error).message).toMatch(/at least one battery/);
  });

  it('finds the installation id in a Home Base spec URL', () => {
    expect(installationIdOf(new URL('https://h.example/api/v1/installations/abc-1/spec'))).toBe('abc-1');
  });
});
