import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { CATALOG, findBattery, objectKey, SIZES, type KubeObject } from '@batteries-included/batteries';
import { parseAllDocuments } from 'yaml';
import { EventBus } from '../engine/event-bus.js';
import { configMap, passRecord, result, secret } from '../store/fixtures.js';
import { createPgliteSql } from '@batteries-included/sql';
import { createStore, type Store } from '../store/store.js';
import { createApiApp } from './app.js';
import { PROBLEM_BASE } from './problem.js';

/**
 * The API through `app.request()`, without a socket, over a real PGlite store and the Battery objects of
 * examples/platform.yaml as the cache's view. The kubeconfig points at a port nobody listens on, so any route
 * that reached the cluster would answer 502: the cases here prove that bad input is refused before that.
 * (Writes against a real API server are in api.int.test.ts.)
 */
describe('the API app', () => {
  const TOKEN = 'test-token-0123456789';
  const examples = fileURLToPath(new URL('../../../examples/platform.yaml', import.meta.url));
  const batteries = parseAllDocuments(readFileSync(examples, 'utf8')).map((d) => d.toJSON() as KubeObject);
  const requestedPasses: string[] = [];
  let store: Store;
  let app: ReturnType<typeof createApiApp>;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    app.request(path, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field below
  const json = async (response: Response) => (await response.json()) as Record<string, any>;

  beforeAll(async () => {
    store = await createStore(await createPgliteSql());
    const first = configMap('settings', { mode: 'a' }, 'redis', 'battery-data');
    const second = configMap('settings', { mode: 'b' }, 'redis', 'battery-data');
    await store.recordPass(
      passRecord([result('create', first), result('create', secret('redis', { password: 'hunter2' }))]),
    );
    // A no-op pass between the two: the previous version of an object is found across it.
    await store.recordPass(passRecord([result('unchanged', first)]));
    await store.recordPass(
      passRecord([result('update', second)], { status: 'partial', trigger: 'battery:redis' }),
    );
    app = createApiApp({
      store,
      config,
      view: { batteries: () => batteries, live: () => new Map() },
      bus: new EventBus(),
      requestPass: (reason) => requestedPasses.push(reason),
      token: () => TOKEN,
    });
  }, 60_000);
  afterAll(() => store?.close());

  describe('access', () => {
    it('refuses a request without a token with 401 problem+json and WWW-Authenticate', async () => {
      const response = await call('/api/v1/catalog', {}, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await json(response)).toMatchObject({ type: `${PROBLEM_BASE}unauthorized`, status: 401 });
    });

    it('refuses a wrong token', async () => {
      const response = await call('/api/v1/batteries', {}, 'not-the-token');
      expect(response.status).toBe(401);
      expect((await json(response)).detail).toContain('not valid');
    });

    it('refuses ?access_token= everywhere; the event stream takes a ticket (issue 20)', async () => {
      expect((await call(`/api/v1/catalog?access_token=${TOKEN}`, {}, null)).status).toBe(401);
      expect((await call(`/api/v1/events?access_token=${TOKEN}`, {}, null)).status).toBe(401);
      const { ticket } = await json(await call('/api/v1/events/tickets', { method: 'POST' }));
      const response = await call(`/api/v1/events?ticket=${ticket}`, {}, null);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await response.body?.cancel();
    });

    it('streams bus events in order with their type as the event name, and keep-alive comments', async () => {
      const bus = new EventBus();
      const streaming = createApiApp({
        store,
        config,
        view: { batteries: () => [], live: () => new Map() },
        bus,
        requestPass: () => undefined,
        token: () => TOKEN,
        keepAliveMs: 20,
      });
      const response = await streaming.request('/api/v1/events', {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (marker: string) => {
        while (!text.includes(marker)) text += decoder.decode((await reader.read()).value, { stream: true });
      };
      await readUntil('event: hello');
      bus.publish({ type: 'pass-started', triggers: ['battery:redis'], at: '2026-11-23T12:00:00.000Z' });
      bus.publish({
        type: 'pass-finished',
        passId: 7,
        status: 'succeeded',
        durationMs: 12,
        at: '2026-11-23T12:00:01.000Z',
      });
      await readUntil('event: pass-finished');
      await readUntil(': keep-alive');
      expect(text.indexOf('event: pass-started')).toBeLessThan(text.indexOf('event: pass-finished'));
      expect(text).toContain(
        'data: {"type":"pass-finished","passId":7,"status":"succeeded","durationMs":12,',
      );
      await reader.cancel();
    });

    it('answers routes that read the cache with 503 until it has synced, and store routes at once', async () => {
      let isReady = false;
      const starting = createApiApp({
        store,
        config,
        view: { batteries: () => [], live: () => new Map() },
        bus: new EventBus(),
        requestPass: () => undefined,
        token: () => TOKEN,
        isReady: () => isReady,
      });
      const get = (path: string) => starting.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
      const early = await get('/api/v1/batteries');
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('2');
      expect((await get('/api/v1/passes')).status).toBe(200);
      isReady = true;
      expect((await get('/api/v1/batteries')).status).toBe(200);
    });

    it('serves the OpenAPI description without a token, covering every route', async () => {
      const response = await call('/api/openapi.json', {}, null);
      expect(response.status).toBe(200);
      const document = await json(response);
      expect(document.openapi).toBe('3.0.3');
      const described = Object.entries(document.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const served = app.routes
        .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`);
      expect([...new Set(served)].sort()).toEqual([...new Set(described)].sort());
      expect(document.components.schemas.PutBatteryRequest.properties.spec.type).toBe('object');
    });

    it('answers an unknown API path with a 404 problem', async () => {
      const response = await call('/api/v1/nothing-here');
      expect(response.status).toBe(404);
      expect((await json(response)).type).toBe(`${PROBLEM_BASE}not-found`);
    });
  });

  describe('catalog and batteries', () => {
    it('lists every catalog battery with its CRD schema, defaults, install order and whether it is installed', async () => {
      const body = await json(await call('/api/v1/catalog'));
      expect(body.batteries.map((b: { type: string }) => b.type)).toEqual(CATALOG.map((b) => b.type));
      const redis = body.batteries.find((b: { type: string }) => b.type === 'redis');
      expect(redis).toMatchObject({
        kind: 'RedisBattery',
        group: 'data',
        dependencies: ['core'],
        installOrder: ['core', 'redis'],
        installed: true,
        uninstallable: true,
      });
      expect(redis.schema.properties.maxmemoryPolicy.enum).toContain('allkeys-lru');
      expect(redis.defaults.maxmemoryPolicy).toBe('noeviction');
      const ollama = body.batteries.find((b: { type: string }) => b.type === 'ollama');
      expect(ollama.installed).toBe(false);
      expect(body.groups.find((g: { id: string }) => g.id === 'data').batteries).toContain('redis');
    });

    it("gives each battery's size presets per resources field, smallest first, as its chart has them", async () => {
      const body = await json(await call('/api/v1/catalog'));
      const redis = body.batteries.find((b: { type: string }) => b.type === 'redis');
      expect(Object.keys(redis.resourcePresets)).toEqual(['resources', 'exporter.resources']);
      expect(Object.keys(redis.resourcePresets.resources)).toEqual([...SIZES]);
      expect(redis.resourcePresets).toEqual(findBattery('redis')!.resourcePresets);
      const core = body.batteries.find((b: { type: string }) => b.type === 'core');
      expect(core.resourcePresets).toEqual({});
    });

    it('lists the installed batteries from the cache, sorted, with Unknown readiness before any status', async () => {
      const body = await json(await call('/api/v1/batteries'));
      expect(body.batteries.map((b: { type: string }) => b.type)).toEqual(
        batteries.map((b) => b.metadata.name).sort(),
      );
      expect(body.batteries[0]).toMatchObject({ ready: 'Unknown', status: null, isDeleting: false });
    });

    it('answers 404 naming an unknown battery, and the known ones', async () => {
      const response = await call('/api/v1/batteries/postgresql');
      expect(response.status).toBe(404);
      const problem = await json(response);
      expect(problem.type).toBe(`${PROBLEM_BASE}unknown-battery`);
      expect(problem.detail).toContain('"postgresql"');
      expect(problem.detail).toContain('redis');
    });

    it('refuses an invalid spec with 422 naming each field, its value and what is accepted, before any write', async () => {
      const response = await call('/api/v1/batteries/redis', {
        method: 'PUT',
        body: JSON.stringify({ spec: { maxmemoryPolicy: 'sometimes', appendonly: 'yes', extra: 1 } }),
      });
      expect(response.status).toBe(422);
      const problem = await json(response);
      expect(problem.type).toBe(`${PROBLEM_BASE}invalid-spec`);
      const byField = Object.fromEntries(problem.errors.map((e: { field: string }) => [e.field, e]));
      expect(byField['spec.maxmemoryPolicy']).toMatchObject({ value: 'sometimes' });
      expect(byField['spec.maxmemoryPolicy'].message).toContain('noeviction');
      expect(byField['spec.appendonly']).toMatchObject({ value: 'yes' });
      expect(byField['spec'].message).toContain('extra');
    });

    it('refuses a nested invalid quantity naming its full path', async () => {
      const response = await call('/api/v1/batteries/redis', {
        method: 'PUT',
        body: JSON.stringify({ spec: { resources: { requests: { memory: 'lots' } } } }),
      });
      expect(response.status).toBe(422);
      const [error] = (await json(response)).errors;
      expect(error).toMatchObject({ field: 'spec.resources.requests.memory', value: 'lots' });
    });

    it('refuses a body over 1 MiB with 413 before reading it', async () => {
      const response = await call('/api/v1/preview', {
        method: 'POST',
        body: JSON.stringify({ batteries: [], padding: 'x'.repeat(1 << 20) }),
      });
      expect(response.status).toBe(413);
      expect((await json(response)).type).toBe(`${PROBLEM_BASE}payload-too-large`);
    });

    it('refuses a body without a spec, or not JSON, with 400', async () => {
      const missing = await call('/api/v1/batteries/redis', { method: 'PUT', body: JSON.stringify({}) });
      expect(missing.status).toBe(400);
      expect((await json(missing)).errors).toEqual([expect.objectContaining({ field: 'spec' })]);
      const garbage = await call('/api/v1/batteries/redis', { method: 'PUT', body: '{not json' });
      expect(garbage.status).toBe(400);
    });

    it('refuses to uninstall a battery of an unknown type with 404', async () => {
      const response = await call('/api/v1/batteries/nope', { method: 'DELETE' });
      expect(response.status).toBe(404);
    });
  });

  describe('preview', () => {
    it('refuses a malformed quantity with 422 naming the field and the value, not 500', async () => {
      const response = await call('/api/v1/preview', {
        method: 'POST',
        body: JSON.stringify({ batteries: [{ type: 'redis', spec: { maxmemory: 'lots' } }] }),
      });
      const problem = await json(response);
      expect(problem).toMatchObject({ status: 422, type: `${PROBLEM_BASE}invalid-spec` });
      expect(problem.errors[0]).toMatchObject({ field: 'batteries[0].spec.maxmemory', value: 'lots' });
      expect(problem.errors[0].message).toMatch(/Kubernetes quantity/);
    });

    it('plans a proposed change with the pass planner and writes nothing', async () => {
      const redisSpec = batteries.find((b) => b.metadata.name === 'redis')!.spec as object;
      const response = await call('/api/v1/preview', {
        method: 'POST',
        body: JSON.stringify({
          batteries: [
            // Under the 512Mi memory limit of the platform's size: a valid spec, so redis is planned (a spec
            // that fails to generate would keep its objects, and plan nothing for it).
            { type: 'redis', spec: { ...redisSpec, maxmemory: '256Mi' } },
            { type: 'loki', delete: true },
          ],
        }),
      });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.batteries).toEqual([
        { type: 'redis', action: 'update', fields: [{ path: 'spec.maxmemory', after: '256Mi' }] },
        { type: 'loki', action: 'uninstall', fields: [] },
      ]);
      const batteriesPlanned = new Set(body.plan.changes.map((c: { battery?: string }) => c.battery));
      expect(batteriesPlanned.has('redis')).toBe(true);
      expect(batteriesPlanned.has('loki')).toBe(false);
      expect(body.text).toMatch(/^Plan: \d+ create/m);
      // Refs and actions only: no object bodies, so no Secret data.
      expect(JSON.stringify(body)).not.toMatch(/"data"|"stringData"/);
    });

    it('names the invalid field of the second entry', async () => {
      const response = await call('/api/v1/preview', {
        method: 'POST',
        body: JSON.stringify({
          batteries: [
            { type: 'loki', delete: true },
            { type: 'redis', spec: { maxmemoryPolicy: 'x' } },
          ],
        }),
      });
      const problem = await json(response);
      expect(problem).toMatchObject({ status: 422 });
      expect(problem.errors[0]).toMatchObject({ field: 'batteries[1].spec.maxmemoryPolicy', value: 'x' });
    });
  });

  describe('passes, objects and documents', () => {
    it('pages passes newest first, filters by status, and asks for a pass on POST', async () => {
      const page = await json(await call('/api/v1/passes?limit=1'));
      expect(page.passes).toHaveLength(1);
      expect(page.passes[0]).toMatchObject({ status: 'partial', trigger: 'battery:redis', durationMs: 250 });
      const older = await json(await call(`/api/v1/passes?limit=1&before=${page.nextBefore}`));
      expect(older.passes[0].id).toBeLessThan(page.passes[0].id);
      const oldest = await json(await call(`/api/v1/passes?limit=5&before=${older.passes[0].id}`));
      expect(oldest.passes).toHaveLength(1);
      expect(oldest.nextBefore).toBeUndefined();
      const partial = await json(await call('/api/v1/passes?status=partial'));
      expect(partial.passes.map((p: { status: string }) => p.status)).toEqual(['partial']);
      expect((await call('/api/v1/passes?limit=0')).status).toBe(400);
      expect((await call('/api/v1/passes?status=sideways')).status).toBe(400);
      const requested = await call('/api/v1/passes', { method: 'POST' });
      expect(requested.status).toBe(202);
      expect(requestedPasses).toContain('api');
    });

    it('shows a pass with each object and its previous document, and diffs the two with secrets redacted', async () => {
      const passes = (await json(await call('/api/v1/passes'))).passes;
      const [latest, first] = [passes[0], passes.at(-1)];
      const detail = await json(await call(`/api/v1/passes/${latest.id}`));
      expect(detail.objects).toHaveLength(1);
      const [object] = detail.objects;
      expect(object).toMatchObject({ action: 'update', battery: 'redis' });
      expect(object.previousDocumentHash).toBeDefined();
      const diff = await json(
        await call(`/api/v1/documents/diff?from=${object.previousDocumentHash}&to=${object.documentHash}`),
      );
      expect(diff.changes).toContainEqual({ path: 'data.mode', before: 'a', after: 'b' });

      const created = await json(await call(`/api/v1/passes/${first.id}`));
      const secretObject = created.objects.find((o: { ref: string }) => o.ref.startsWith('Secret/'));
      const document = await json(await call(`/api/v1/documents/${secretObject.documentHash}`));
      expect(JSON.stringify(document)).not.toContain(Buffer.from('hunter2').toString('base64'));
      expect(JSON.stringify(document)).not.toContain('hunter2');
    });

    it('answers 404 for an unknown pass or document and 400 for a bad id', async () => {
      expect((await call('/api/v1/passes/999999')).status).toBe(404);
      expect((await call('/api/v1/passes/abc')).status).toBe(400);
      expect((await call('/api/v1/documents/deadbeef')).status).toBe(404);
      expect((await call('/api/v1/documents/diff?to=x')).status).toBe(400);
    });

    it('lists managed objects with readiness (missing from the live view here) and their history', async () => {
      const body = await json(await call('/api/v1/objects?battery=redis'));
      const ref = objectKey(configMap('settings', {}, 'redis', 'battery-data'));
      expect(body.objects.map((o: { ref: string }) => o.ref)).toContain(ref);
      expect(body.counts.missing).toBe(body.objects.length);
      const history = await json(await call(`/api/v1/objects/history?ref=${encodeURIComponent(ref)}`));
      expect(history.versions.map((v: { action: string }) => v.action)).toEqual(['update', 'create']);
      expect((await call('/api/v1/objects/history')).status).toBe(400);
    });

    it('shows a live object from the cache with Secret values redacted', async () => {
      const password = secret(
        'redis',
        { password: 'hunter2' },
        { namespace: 'battery-data', battery: 'redis' },
      );
      const withLive = createApiApp({
        store,
        config,
        view: { batteries: () => batteries, live: () => new Map([[objectKey(password), password]]) },
        bus: new EventBus(),
        requestPass: () => undefined,
        token: () => TOKEN,
      });
      const get = (path: string) => withLive.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
      const response = await get(`/api/v1/objects/live?ref=${encodeURIComponent(objectKey(password))}`);
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body.object.data.password).toMatch(/^hmac-sha256:/);
      expect(JSON.stringify(body)).not.toContain(Buffer.from('hunter2').toString('base64'));
      expect(body.isReady).toBe(true);
      expect((await get('/api/v1/objects/live?ref=ConfigMap/nowhere/none')).status).toBe(404);
      expect((await get('/api/v1/objects/live')).status).toBe(400);
    });

    it('answers a rollback preview of an unknown pass with 404', async () => {
      const response = await call('/api/v1/rollback/424242/preview');
      expect(response.status).toBe(404);
      expect((await json(response)).type).toBe(`${PROBLEM_BASE}not-found`);
    });
  });
});
