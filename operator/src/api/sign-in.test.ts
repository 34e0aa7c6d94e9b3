import { Buffer } from 'node:buffer';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import { createPgliteSql } from '@batteries-included/sql';
import { EventBus } from '../engine/event-bus.js';
import { createStore, type Store } from '../store/store.js';
import { Metrics } from '../observe/metrics.js';
import { createApiApp, createControlApp } from './app.js';

const TOKEN = 'api-token-0123456789abcdef';
const ISSUER = 'http://keycloak.example.test/realms/batterycore';

const battery = (kind: string, name: string, spec: object): KubeObject => ({
  apiVersion: 'batteries.batteriesincl.com/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

function keyPair(): { privateKey: KeyObject; jwk: object } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid: 'realm-key', use: 'sig', alg: 'RS256' },
  };
}

/** A JWT as Keycloak signs access tokens (RS256, key id), with the claims given. */
function jwt(privateKey: KeyObject, claims: Record<string, unknown>, header: object = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = part({ alg: 'RS256', typ: 'JWT', kid: 'realm-key', ...header });
  const body = part(claims);
  return `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
}

/**
 * Signing in through Keycloak, at the API: access tokens of the console's client are verified against the realm's
 * keys (served here by a local HTTP server, as Keycloak serves them), Keycloak groups become roles, and the roles are
 * enforced by the API itself. The API token stays the break-glass admin. What an attacker would try is refused.
 */
describe('console sign-in through Keycloak, at the API', () => {
  const realm = keyPair();
  const attacker = keyPair();
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (groups: string[], extra: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: ['control', 'account'],
    azp: 'control',
    exp: now() + 300,
    iat: now(),
    preferred_username: 'alice',
    groups,
    ...extra,
  });
  let server: Server;
  let store: Store;
  let withSso: ReturnType<typeof createApiApp>;
  let withoutSso: ReturnType<typeof createApiApp>;
  let controlWithSso: ReturnType<typeof createControlApp>;
  let controlWithoutSso: ReturnType<typeof createControlApp>;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  const call = (app: ReturnType<typeof createApiApp>, path: string, token: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field below
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [realm.jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const keycloakUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await createStore(await createPgliteSql());
    const base = [battery('CoreBattery', 'core', {}), battery('RedisBattery', 'redis', {})];
    const options = (batteries: KubeObject[]) => ({
      store,
      config,
      view: { batteries: () => batteries, live: () => new Map() },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => TOKEN,
      keycloakUrl,
    });
    const ssoBatteries = [
      ...base,
      battery('KeycloakBattery', 'keycloak', {}),
      battery('SsoBattery', 'sso', { urls: { keycloak: 'http://keycloak.example.test' } }),
    ];
    withSso = createApiApp(options(ssoBatteries));
    withoutSso = createApiApp(options(base));
    const control = (batteries: KubeObject[]) =>
      createControlApp({ ...options(batteries), isReady: () => true, metrics: new Metrics() });
    controlWithSso = control(ssoBatteries);
    controlWithoutSso = control(base);
  }, 60_000);
  afterAll(async () => {
    server?.close();
    await store?.close();
  });

  it('tells the console how to sign in: Keycloak with PKCE while sso is installed, else the API token', async () => {
    expect(await json(await withSso.request('/api/auth/config'))).toEqual({
      mode: 'oidc',
      issuer: ISSUER,
      clientId: 'control',
      authorizationEndpoint: `${ISSUER}/protocol/openid-connect/auth`,
      tokenEndpoint: `${ISSUER}/protocol/openid-connect/token`,
      endSessionEndpoint: `${ISSUER}/protocol/openid-connect/logout`,
    });
    expect(await json(await withoutSso.request('/api/auth/config'))).toEqual({ mode: 'token' });
  });

  it("lets the console's pages call Keycloak's token endpoint while sso is installed, and nothing else", async () => {
    const connectSrc = async (app: ReturnType<typeof createControlApp>) =>
      (await app.request('/healthz')).headers
        .get('content-security-policy')
        ?.match(/connect-src ([^;]+)/)?.[1];
    expect(await connectSrc(controlWithSso)).toBe("'self' http://keycloak.example.test");
    expect(await connectSrc(controlWithoutSso)).toBe("'self'");
  });

  it('lets a viewer read and preview, and refuses its writes with 403 naming the role needed', async () => {
    const viewer = jwt(realm.privateKey, claims(['viewer']));
    expect(await json(await call(withSso, '/api/v1/session', viewer))).toEqual({
      name: 'alice',
      role: 'viewer',
      via: 'oidc',
    });
    expect((await call(withSso, '/api/v1/catalog', viewer)).status).toBe(200);
    const preview = await call(withSso, '/api/v1/preview', viewer, {
      method: 'POST',
      body: JSON.stringify({ batteries: [{ type: 'redis', spec: {} }] }),
    });
    expect(preview.status).not.toBe(403);
    for (const [method, path] of [
      ['PUT', '/api/v1/batteries/redis'],
      ['DELETE', '/api/v1/batteries/redis'],
      ['POST', '/api/v1/passes'],
      ['POST', '/api/v1/rollback/1'],
    ] as const) {
      const response = await call(withSso, path, viewer, { method, body: JSON.stringify({ spec: {} }) });
      expect(response.status).toBe(403);
      expect(await json(response)).toMatchObject({
        title: 'Forbidden: the role does not allow it',
        detail: `${method} ${path} needs the admin role; alice has the viewer role`,
      });
    }
    // Reading, except secret values: a database password would let a viewer write to the database.
    const credentials = '/api/v1/instances/postgresclusters/orders/orders/credentials';
    for (const path of [credentials, `${credentials}/`]) {
      const revealed = await call(withSso, path, viewer);
      expect(revealed.status).toBe(403);
      expect(await json(revealed)).toMatchObject({
        detail: `GET ${path} needs the admin role; alice has the viewer role`,
      });
    }
  });

  it('lets an admin of the realm write (the request gets past the role check)', async () => {
    const admin = jwt(realm.privateKey, claims(['viewer', 'admin'], { preferred_username: 'bob' }));
    expect(await json(await call(withSso, '/api/v1/session', admin))).toEqual({
      name: 'bob',
      role: 'admin',
      via: 'oidc',
    });
    const response = await call(withSso, '/api/v1/passes', admin, { method: 'POST' });
    expect(response.status).toBe(202);
  });

  it('keeps the API token as the break-glass admin, with or without sso', async () => {
    for (const app of [withSso, withoutSso])
      expect(await json(await call(app, '/api/v1/session', TOKEN))).toEqual({
        name: 'api-token',
        role: 'admin',
        via: 'token',
      });
  });

  it('refuses a user in no role group with 403, and forged, foreign, expired or mis-addressed tokens with 401', async () => {
    const nobody = await call(withSso, '/api/v1/catalog', jwt(realm.privateKey, claims([])));
    expect(nobody.status).toBe(403);
    expect((await json(nobody)).detail).toMatch(/^alice is signed in but has no role/);
    const refused = {
      'signed by another key': jwt(attacker.privateKey, claims(['admin'])),
      'from another issuer': jwt(
        realm.privateKey,
        claims(['admin'], { iss: 'http://evil.test/realms/batterycore' }),
      ),
      expired: jwt(realm.privateKey, claims(['admin'], { exp: now() - 120 })),
      'for another client': jwt(realm.privateKey, claims(['admin'], { aud: 'grafana', azp: 'grafana' })),
      'unsigned (alg none)': jwt(realm.privateKey, claims(['admin']), { alg: 'none' }),
      'with a tampered payload': (() => {
        const [head, , signature] = jwt(realm.privateKey, claims(['viewer'])).split('.');
        const payload = Buffer.from(JSON.stringify(claims(['admin']))).toString('base64url');
        return `${head}.${payload}.${signature}`;
      })(),
    };
    for (const [what, token] of Object.entries(refused)) {
      const response = await call(withSso, '/api/v1/passes', token, { method: 'POST' });
      expect({ what, status: response.status }).toEqual({ what, status: 401 });
    }
    // Without sso, a Keycloak token is just a wrong bearer token.
    expect((await call(withoutSso, '/api/v1/catalog', jwt(realm.privateKey, claims(['admin'])))).status).toBe(
      401,
    );
  });
});
