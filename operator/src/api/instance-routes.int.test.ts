import {
  eventually,
  startPlatform,
  type OperatorPlatform,
  type PlatformApi,
} from '@batteries-included/operator/testing';

const COLLECTION = '/api/v1/instances/redisinstances/team-a';
const PATH = `${COLLECTION}/cache`;

/**
 * The instance routes against a real operator on its own control plane: create a RedisInstance through the API,
 * refuse bad input naming the field with nothing applied, refuse what the nodes cannot fit naming both numbers,
 * conflict on a stale version, reveal credentials only on their own route and only with the token, delete.
 */
describe('the instance routes on a real operator', () => {
  let platform: OperatorPlatform;
  let api: PlatformApi;
  const call = (path: string, init: { method?: string; body?: unknown } = {}) => api.call(path, init);

  beforeAll(async () => {
    platform = await startPlatform();
    api = await platform.startApi();
    await platform.kubectl(['create', 'namespace', 'team-a']);
    await platform.kubectl.apply({
      apiVersion: 'batteries.batteriesincl.com/v1alpha1',
      kind: 'CoreBattery',
      metadata: { name: 'core' },
    });
    await platform.kubectl.apply({
      apiVersion: 'batteries.batteriesincl.com/v1alpha1',
      kind: 'RedisBattery',
      metadata: { name: 'redis' },
    });
    await eventually('the cache to sync', async () => (platform.operator.isReady() ? true : undefined));
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('refuses an invalid spec or name with 422 naming the field, and writes nothing', async () => {
    const bad = await call(COLLECTION, {
      method: 'POST',
      body: { name: 'cache', spec: { mode: 'ring', instances: 2 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'spec.mode', value: 'ring' })]),
    );
    const badName = await call(COLLECTION, { method: 'POST', body: { name: 'Bad_Name', spec: {} } });
    expect(badName.status).toBe(422);
    expect(badName.body.errors[0]).toMatchObject({ field: 'name', value: 'Bad_Name' });
    expect(
      (await call('/api/v1/instances/nopes/team-a', { method: 'POST', body: { name: 'x', spec: {} } }))
        .status,
    ).toBe(404);
    // What an attacker might try: path steps and odd characters in the name or namespace never reach the API server.
    for (const path of [
      'redisinstances/team-a/..',
      'redisinstances/team-a/%2e%2e',
      'redisinstances/..%2Fkube-system/x',
    ])
      // 400 from the name check, or 404 when the URL normalizes the step away before any route matches.
      expect([400, 404]).toContain((await call(`/api/v1/instances/${path}`)).status);
    expect((await call('/api/v1/instances/redisinstances/team-a/x%2F..%2Fy')).status).toBe(400);
    await expect(platform.kubectl(['-n', 'team-a', 'get', 'redisinstance', 'cache'])).rejects.toThrow(
      /NotFound/,
    );
  });

  it('refuses more than the nodes can allocate, naming both numbers, unless confirmed', async () => {
    const spec = { resources: { requests: { cpu: '5000' }, limits: { memory: '1Gi' } } };
    const refused = await call(COLLECTION, { method: 'POST', body: { name: 'cache', spec } });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toContain('insufficient-capacity');
    expect(refused.body.detail).toMatch(/cpu 5000000m requested, \d+m available/);
    const confirmed = await call(COLLECTION, {
      method: 'POST',
      body: { name: 'cache', spec, dryRun: true, confirmCapacity: true },
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({
      isDryRun: true,
      capacity: [expect.objectContaining({ resource: 'cpu' })],
    });
  });

  it('creates the instance; its status arrives; credentials only on their own route, with the token', async () => {
    const created = await call(COLLECTION, {
      method: 'POST',
      body: { name: 'cache', spec: { size: 'tiny' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'RedisInstance',
      namespace: 'team-a',
      name: 'cache',
      battery: 'redis',
    });
    const listed = await eventually('the instance with its connection', async () => {
      const { body } = await call('/api/v1/instances/redisinstances');
      const [instance] = body.instances;
      return instance?.status?.connection ? instance : undefined;
    });
    expect(listed.status.connection).toMatchObject({
      host: 'redis-cache.team-a.svc',
      secret: 'redis-cache-password',
    });
    const revealed = await eventually('the credentials', async () => {
      const { status, body } = await call(`${PATH}/credentials`);
      return status === 200 && body.secrets.length > 0 ? body : undefined;
    });
    const password = revealed.secrets[0].data.password as string;
    expect(password).toHaveLength(32);
    // Nowhere else: not in the instance, the list, or its status.
    expect(JSON.stringify((await call(PATH)).body)).not.toContain(password);
    expect(JSON.stringify((await call('/api/v1/instances')).body)).not.toContain(password);
    const anonymous = await api.app.request(`${PATH}/credentials`);
    expect(anonymous.status).toBe(401);
  }, 90_000);

  it('records the instance’s spec history like a Battery’s', async () => {
    const { body } = await eventually('a spec history entry', async () => {
      const response = await call(PATH);
      return response.body.history?.length > 0 ? response : undefined;
    });
    expect(body.history[0]).toMatchObject({ fieldManager: 'batteries-included-console', generation: 1 });
    expect(body.history[0].passId).toBeGreaterThan(0);
  });

  it('answers 409 when the resourceVersion sent is stale', async () => {
    const current = (await call(PATH)).body;
    await call(PATH, { method: 'PUT', body: { spec: { size: 'tiny', appendonly: false } } });
    const stale = await call(PATH, {
      method: 'PUT',
      body: { spec: { size: 'tiny' }, resourceVersion: current.resourceVersion },
    });
    expect(stale.status).toBe(409);
  });

  it('deletes the instance (dry run first) and its objects are pruned', async () => {
    const dry = await call(`${PATH}?dryRun=true`, { method: 'DELETE' });
    expect(dry.body).toMatchObject({ deleted: 'RedisInstance/team-a/cache', isDryRun: true });
    expect((await call(PATH)).status).toBe(200);
    const deleted = await call(PATH, { method: 'DELETE' });
    expect(deleted.body).toMatchObject({ isDryRun: false, kept: [] });
    await eventually('the StatefulSet pruned', async () =>
      (await platform.kubectl(['-n', 'team-a', 'get', 'statefulset', 'redis-cache']).catch(() => 'gone')) ===
      'gone'
        ? true
        : undefined,
    );
  }, 60_000);
});
