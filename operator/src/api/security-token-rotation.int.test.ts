// Issue 20, item 17: the API's tokens come from the Secret api-token through a real watch on testenv, so a rotated
// token takes effect without a restart (the code's comment claimed it; the token used to be read once at start).
import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { EventBus } from '../engine/event-bus.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import { API_TOKEN_SECRET, VIEWER_TOKEN_KEY } from './api-access.js';
import { createApiApp } from './app.js';
import { startApiTokenSource, type ApiTokenSource } from './api-token-source.js';

const NAMESPACE = 'batteries-included-system';

describe('security: API tokens rotate without a restart (a real watch on the Secret)', () => {
  let platform: Platform;
  let store: Store;
  let tokens: ApiTokenSource;
  let app: ReturnType<typeof createApiApp>;
  const statusWith = async (token: string, path = '/api/v1/session') =>
    (await app.request(path, { headers: { authorization: `Bearer ${token}` } })).status;
  const secretTokens = async () => {
    const secret = (await platform.kubectl.json(['-n', NAMESPACE, 'get', 'secret', API_TOKEN_SECRET])) as {
      data: Record<string, string>;
    };
    const decode = (key: string) => Buffer.from(secret.data[key] ?? '', 'base64').toString();
    return { admin: decode('token'), viewer: decode(VIEWER_TOKEN_KEY) };
  };
  const patchData = (data: Record<string, string>) =>
    platform.kubectl([
      '-n',
      NAMESPACE,
      'patch',
      'secret',
      API_TOKEN_SECRET,
      '--type=merge',
      '-p',
      JSON.stringify({
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      }),
    ]);

  beforeAll(async () => {
    platform = await startPlatform({ crds: false, operator: false });
    store = await createStore(await createPgliteSql());
    platform.defer(() => store.close());
    tokens = await startApiTokenSource(platform.config, NAMESPACE, { logger: platform.logger });
    platform.defer(() => tokens.stop());
    app = createApiApp({
      store,
      config: platform.config,
      view: { batteries: () => [], live: () => new Map() },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => tokens.current().admin,
      viewerToken: () => tokens.current().viewer,
    });
  }, 180_000);
  afterAll(() => platform?.stop(), 60_000);

  it('makes an admin and a viewer token in the Secret, each with its role', async () => {
    const { admin, viewer } = await secretTokens();
    expect(Buffer.from(admin, 'base64url')).toHaveLength(32);
    expect(Buffer.from(viewer, 'base64url')).toHaveLength(32);
    expect(
      await (await app.request('/api/v1/session', { headers: { authorization: `Bearer ${viewer}` } })).json(),
    ).toEqual({ name: 'viewer-token', role: 'viewer', via: 'token' });
    expect(await statusWith(admin)).toBe(200);
  });

  it('uses an edited token from the next request on, and refuses the old one', async () => {
    const before = await secretTokens();
    await patchData({
      token: 'rotated-admin-token-0123456789',
      [VIEWER_TOKEN_KEY]: 'rotated-viewer-token-0123456789',
    });
    await eventually('the rotated tokens to be accepted', async () =>
      (await statusWith('rotated-admin-token-0123456789')) === 200 ? true : undefined,
    );
    expect(await statusWith('rotated-viewer-token-0123456789')).toBe(200);
    expect(await statusWith(before.admin)).toBe(401);
    expect(await statusWith(before.viewer)).toBe(401);
    // The rotated viewer is still read-only.
    const write = await app.request('/api/v1/passes', {
      method: 'POST',
      headers: { authorization: 'Bearer rotated-viewer-token-0123456789' },
    });
    expect(write.status).toBe(403);
  });

  it('answers a deleted Secret with fresh random tokens, refusing the old ones', async () => {
    await platform.kubectl(['-n', NAMESPACE, 'delete', 'secret', API_TOKEN_SECRET]);
    const fresh = await eventually('a new token Secret', async () => {
      const next = await secretTokens().catch(() => undefined);
      return next && next.admin !== 'rotated-admin-token-0123456789' && next.admin ? next : undefined;
    });
    await eventually('the new tokens to be accepted', async () =>
      (await statusWith(fresh.admin)) === 200 ? true : undefined,
    );
    expect(await statusWith(fresh.viewer)).toBe(200);
    expect(await statusWith('rotated-admin-token-0123456789')).toBe(401);
  });
});
