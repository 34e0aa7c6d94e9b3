import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  eventually,
  startPlatform,
  type EventStream,
  type OperatorPlatform,
  type PlatformApi,
} from '@batteries-included/operator/testing';
import type { Hono } from 'hono';
import { API_TOKEN_SECRET, ensureApiToken } from './api-access.js';
import { API_FIELD_MANAGER } from './battery-writer.js';
import { PROBLEM_BASE } from './problem.js';

const NAMESPACE = 'batteries-included-system';

/**
 * The API against a real operator on its own control plane (so Battery objects of other suites cannot interfere),
 * with an in-memory PGlite store: install through the API, watch the pass arrive on the event stream and in
 * /passes, refuse bad input with nothing applied, preview, roll back, uninstall.
 */
describe('the API on a real operator', () => {
  let platform: OperatorPlatform;
  let api: PlatformApi;
  let app: Hono;
  let token: string;
  let stream: EventStream;
  const events = () => stream.events;

  const kubectl = (args: string[]) => platform.kubectl(args);
  const call = (path: string, init: { method?: string; body?: unknown } = {}) => api.call(path, init);
  /** The newest recorded pass whose id is above `after` and that touched `battery`'s objects. */
  const passAfter = (after: number, battery: string) =>
    eventually(
      `a pass after ${after} for ${battery}`,
      async () => {
        const { body } = await call('/api/v1/passes?limit=20');
        for (const pass of body.passes as Array<{ id: number }>) {
          if (pass.id <= after) continue;
          const detail = (await call(`/api/v1/passes/${pass.id}`)).body;
          if (detail.objects.some((o: { battery?: string }) => o.battery === battery)) return detail;
        }
        return undefined;
      },
      { timeoutMs: 60_000 },
    );
  const latestPassId = async () => ((await call('/api/v1/passes?limit=1')).body.passes[0]?.id as number) ?? 0;

  beforeAll(async () => {
    platform = await startPlatform();
    api = await platform.startApi({ port: 4123 });
    app = api.app;
    token = api.token;
    // The event stream, read in the background for the whole file, authenticated as EventSource would.
    stream = await api.events();
    platform.defer(() => stream.stop());
    await eventually('the cache to sync', async () => (platform.operator.isReady() ? true : undefined));
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('creates the token Secret once and the access-info ConfigMap', async () => {
    const secret = JSON.parse(
      await kubectl(['-n', NAMESPACE, 'get', 'secret', API_TOKEN_SECRET, '-o', 'json']),
    );
    expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(await ensureApiToken(platform.config, NAMESPACE)).toBe(token);
    const url = await kubectl([
      '-n',
      NAMESPACE,
      'get',
      'configmap',
      'access-info',
      '-o',
      'jsonpath={.data.url}',
    ]);
    expect(url).toBe('http://127.0.0.1:4123');
    // Open endpoints stay open; the API does not.
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/metrics')).status).toBe(200);
    expect((await app.request('/api/v1/batteries')).status).toBe(401);
    expect(
      (await app.request('/api/v1/batteries', { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
  });

  it('serves the API over a real socket: OpenAPI open, the event stream with a ticket as EventSource does', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const abort = new AbortController();
    try {
      expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
      expect((await fetch(`${base}/api/v1/events`, { signal: abort.signal })).status).toBe(401);
      // Tokens in URLs are refused (issue 20); EventSource takes a single-use ticket instead.
      expect((await fetch(`${base}/api/v1/events?access_token=${token}`)).status).toBe(401);
      const minted = await fetch(`${base}/api/v1/events/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const { ticket } = (await minted.json()) as { ticket: string };
      const stream = await fetch(`${base}/api/v1/events?ticket=${ticket}`, { signal: abort.signal });
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const requested = await fetch(`${base}/api/v1/passes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(requested.status).toBe(202);
      while (!text.includes('event: pass-started')) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).toMatch(/^event: hello$/m);
      expect(text).toMatch(/^event: pass-started$/m);
      expect(text).toMatch(/"triggers":\[[^\]]*"api"/);
    } finally {
      abort.abort();
      server.close();
    }
  });

  it('installs core and redis through the API; the pass shows in /passes and on the event stream', async () => {
    const before = await latestPassId();
    const core = await call('/api/v1/batteries/core', {
      method: 'PUT',
      body: {
        spec: { clusterType: 'kind', clusterName: 'api-test', usage: 'development', defaultSize: 'tiny' },
      },
    });
    expect(core.status).toBe(201);
    expect(core.body).toMatchObject({ type: 'core', kind: 'CoreBattery', isDryRun: false });
    const redis = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { storageSize: '2Gi' } },
    });
    expect(redis.status).toBe(201);
    expect(redis.body.missingDependencies).toEqual([]);

    const pass = await passAfter(before, 'redis');
    expect(pass.objects.every((o: { action: string }) => o.action !== 'failed')).toBe(true);
    expect(pass.objects.some((o: { ref: string }) => o.ref === 'StatefulSet.apps/battery-data/redis')).toBe(
      true,
    );
    await eventually('pass events on the stream', async () =>
      events().some((e) => e.event === 'pass-finished' && e.data.passId === pass.id) ? true : undefined,
    );
    expect(events()[0]?.event).toBe('hello');
    expect(events().some((e) => e.event === 'pass-started')).toBe(true);
    await eventually('a battery-status event for redis', async () =>
      events().some((e) => e.event === 'battery-status' && e.data.battery === 'redis') ? true : undefined,
    );

    const listed = await eventually('redis with a status in the list', async () => {
      const { body } = await call('/api/v1/batteries');
      const entry = body.batteries.find((b: { type: string }) => b.type === 'redis');
      return entry?.status ? body : undefined;
    });
    expect(listed.batteries.map((b: { type: string }) => b.type)).toEqual(['core', 'redis']);
    const detail = await call('/api/v1/batteries/redis');
    expect(detail.body.history[0]).toMatchObject({ fieldManager: API_FIELD_MANAGER });
    expect(detail.body.spec).toMatchObject({ storageSize: '2Gi' });
    const catalog = await call('/api/v1/catalog');
    expect(catalog.body.batteries.find((b: { type: string }) => b.type === 'redis').installed).toBe(true);

    const objects = await call('/api/v1/objects?battery=redis');
    expect(objects.body.objects.length).toBeGreaterThan(0);
    expect(objects.body.counts.missing).toBe(0);
    const history = await call(
      `/api/v1/objects/history?ref=${encodeURIComponent('StatefulSet.apps/battery-data/redis')}`,
    );
    expect(history.body.versions[0]).toMatchObject({ action: 'create' });
  }, 120_000);

  it('replaces the whole spec, removing fields another manager (kubectl) set', async () => {
    const { body: current } = await call('/api/v1/batteries/redis');
    const manifest = JSON.stringify({
      apiVersion: 'batteries.batteriesincl.com/v1alpha1',
      kind: 'RedisBattery',
      metadata: { name: 'redis' },
      spec: { ...current.spec, maxmemory: '300Mi' },
    });
    await platform.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], manifest);
    expect((await call('/api/v1/batteries/redis')).body.spec.maxmemory).toBe('300Mi');
    const replaced = await call('/api/v1/batteries/redis', { method: 'PUT', body: { spec: current.spec } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.spec.maxmemory).toBeUndefined();
    expect((await call('/api/v1/batteries/redis')).body.spec.maxmemory).toBeUndefined();
  });

  it('refuses a stale resourceVersion with 409 and writes nothing', async () => {
    const { body: current } = await call('/api/v1/batteries/redis');
    const response = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { ...current.spec, maxmemory: '1Gi' }, resourceVersion: '1' },
    });
    expect(response.status).toBe(409);
    expect(response.body.type).toBe(`${PROBLEM_BASE}stale-resource-version`);
    const { body: after } = await call('/api/v1/batteries/redis');
    // Status writes move the resourceVersion; the generation moves only with the spec.
    expect(after.generation).toBe(current.generation);
    expect(after.spec.maxmemory).toBeUndefined();
  });

  it('guards a write by generation: a stale one is refused, a status write in between is no conflict', async () => {
    const { body: current } = await call('/api/v1/batteries/redis');
    const stale = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { ...current.spec, maxmemory: '1Gi' }, generation: current.generation - 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe(`${PROBLEM_BASE}stale-resource-version`);
    expect(stale.body.detail).toContain(`generation ${current.generation - 1}`);
    // A status-only change moves the resourceVersion but not the generation.
    await kubectl([
      'patch',
      'redisbattery',
      'redis',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"message":"touched by the test"}}',
    ]);
    const fresh = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: current.spec, generation: current.generation, dryRun: true },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.isDryRun).toBe(true);
  });

  it("refuses what only the API server's rules catch (a volume may only grow) naming the field, writing nothing", async () => {
    const { body: current } = await call('/api/v1/batteries/redis');
    const response = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { ...current.spec, storageSize: '1Gi' } },
    });
    expect(response.status).toBe(422);
    expect(response.body.type).toBe(`${PROBLEM_BASE}invalid-spec`);
    expect(response.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain('storageSize');
    const after = (await call('/api/v1/batteries/redis')).body;
    expect(after.generation).toBe(current.generation);
    expect(after.spec.storageSize).toBe('2Gi');
  });

  it('refuses an invalid field and an unknown battery before reaching the cluster', async () => {
    const invalid = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { appendonly: 'yes' } },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'spec.appendonly', value: 'yes' }),
    ]);
    const unknown = await call('/api/v1/batteries/postgresql', { method: 'PUT', body: { spec: {} } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('postgresql');
    const redisObjects = JSON.parse(await kubectl(['get', 'redisbatteries', '-o', 'json'])).items;
    // The CRD's default, not the refused "yes".
    expect(redisObjects.map((b: { spec: { appendonly?: unknown } }) => b.spec.appendonly)).toEqual([true]);
    expect((await call('/api/v1/batteries')).body.batteries.map((b: { type: string }) => b.type)).toEqual([
      'core',
      'redis',
    ]);
  });

  it('refuses to uninstall a battery others depend on, naming them, unless cascade=true', async () => {
    const monitoringFirst = await call('/api/v1/batteries/kube-monitoring', {
      method: 'PUT',
      body: { spec: {}, dryRun: true },
    });
    expect(monitoringFirst.status).toBe(201);
    expect(monitoringFirst.body.missingDependencies).toEqual(['victoria-metrics']);
    expect((await call('/api/v1/batteries/kube-monitoring')).status).toBe(404);
    for (const type of ['victoria-metrics', 'kube-monitoring']) {
      expect((await call(`/api/v1/batteries/${type}`, { method: 'PUT', body: { spec: {} } })).status).toBe(
        201,
      );
    }
    await eventually('kube-monitoring in the cache', async () => {
      const { body } = await call('/api/v1/batteries');
      return body.batteries.some((b: { type: string }) => b.type === 'kube-monitoring') ? true : undefined;
    });
    const refused = await call('/api/v1/batteries/victoria-metrics', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: `${PROBLEM_BASE}dependents-installed`,
      dependents: ['kube-monitoring'],
    });
    expect(refused.body.detail).toContain('kube-monitoring');
    expect((await call('/api/v1/batteries/victoria-metrics')).status).toBe(200);
    const cascaded = await call('/api/v1/batteries/victoria-metrics?cascade=true', { method: 'DELETE' });
    expect(cascaded.body).toEqual({ deleted: ['kube-monitoring', 'victoria-metrics'], isDryRun: false });
    await eventually('both gone', async () =>
      (await call('/api/v1/batteries/victoria-metrics')).status === 404 &&
      (await call('/api/v1/batteries/kube-monitoring')).status === 404
        ? true
        : undefined,
    );
  }, 120_000);

  it('refuses to uninstall core, and a dry run deletes nothing', async () => {
    const refused = await call('/api/v1/batteries/core', { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(`${PROBLEM_BASE}not-uninstallable`);
    const loki = await call('/api/v1/batteries/loki', { method: 'DELETE' });
    expect(loki.status).toBe(404);
    expect(loki.body.type).toBe(`${PROBLEM_BASE}not-installed`);
    const dryRun = await call('/api/v1/batteries/redis?dryRun=true', { method: 'DELETE' });
    expect(dryRun.body).toEqual({ deleted: ['redis'], isDryRun: true });
    expect((await call('/api/v1/batteries/redis')).status).toBe(200);
  });

  it('previews an edit against the live cluster as updates of redis objects only', async () => {
    const { body: current } = await call('/api/v1/batteries/redis');
    // The preview plans against the operator's cache, which learns of the objects the last test's uninstall pruned
    // from their watch events a moment after the Battery objects are gone.
    const { status, body } = await eventually('a preview that changes only redis objects', async () => {
      const response = await call('/api/v1/preview', {
        method: 'POST',
        body: { batteries: [{ type: 'redis', spec: { ...current.spec, maxmemory: '100Mi' } }] },
      });
      return response.body.plan?.changes.every((c: { battery: string }) => c.battery === 'redis')
        ? response
        : undefined;
    });
    expect(status).toBe(200);
    expect(body.batteries).toEqual([
      { type: 'redis', action: 'update', fields: [{ path: 'spec.maxmemory', after: '100Mi' }] },
    ]);
    expect(body.plan.counts.create).toBe(0);
    expect(body.plan.counts.update).toBeGreaterThan(0);
    expect(new Set(body.plan.changes.map((c: { battery: string }) => c.battery))).toEqual(new Set(['redis']));
    const after = (await call('/api/v1/batteries/redis')).body;
    expect(after.generation).toBe(current.generation);
    expect(after.spec.storageSize).toBe('2Gi');
  });

  it('previews uninstalling core as held by redis: nothing of core is pruned', async () => {
    const { status, body } = await call('/api/v1/preview', {
      method: 'POST',
      body: { batteries: [{ type: 'core', delete: true }] },
    });
    expect(status).toBe(200);
    expect(body.batteries).toEqual([{ type: 'core', action: 'uninstall', fields: [], heldBy: ['redis'] }]);
    expect(body.plan.counts.prune + body.plan.counts.orphan).toBe(0);
  });

  it('rolls back an edit: preview names the field, restore writes the old spec and a pass follows', async () => {
    const installed = await latestPassId();
    const { body: current } = await call('/api/v1/batteries/redis');
    const edited = await call('/api/v1/batteries/redis', {
      method: 'PUT',
      body: { spec: { ...current.spec, maxmemory: '200Mi' }, generation: current.generation },
    });
    expect(edited.status).toBe(200);
    const editPass = await passAfter(installed, 'redis');
    const changed = editPass.objects.find((o: { previousDocumentHash?: string }) => o.previousDocumentHash);
    expect(changed).toBeDefined();
    const diff = await call(
      `/api/v1/documents/diff?from=${changed.previousDocumentHash}&to=${changed.documentHash}`,
    );
    expect(diff.body.changes.length).toBeGreaterThan(0);

    const preview = await call(`/api/v1/rollback/${installed}/preview`);
    expect(preview.status).toBe(200);
    const redis = preview.body.batteries.find((b: { type: string }) => b.type === 'redis');
    expect(redis).toMatchObject({ action: 'restore-spec' });
    expect(redis.fields).toContainEqual({ path: 'spec.maxmemory', before: '200Mi' });
    expect(JSON.stringify(preview.body)).not.toMatch(/"stringData"|"data":\{/);

    const restored = await call(`/api/v1/rollback/${installed}`, { method: 'POST', body: {} });
    expect(restored.status).toBe(200);
    expect(restored.body.batteries.find((b: { type: string }) => b.type === 'redis')).toMatchObject({
      isWritten: true,
    });
    expect((await call('/api/v1/batteries/redis')).body.spec.maxmemory).toBeUndefined();
    await passAfter(editPass.id, 'redis');

    // The battery's spec history has the edit and the restore, and their spec documents diff to the field. (Who made
    // the restore is not asserted: managedFields times are whole seconds, and the edit was within the same one.)
    const history = await eventually('the edit and the restore in the spec history', async () => {
      const { body } = await call('/api/v1/batteries/redis');
      const edit = body.history.findIndex((entry: { passId?: number }) => entry.passId === editPass.id);
      return edit > 0 ? body.history.slice(0, edit + 1) : undefined;
    });
    const [restoredEntry, editedEntry] = [history[0], history.at(-1)];
    expect(editedEntry.fieldManager).toBe(API_FIELD_MANAGER);
    const specDiff = await call(
      `/api/v1/documents/diff?from=${editedEntry.specHash}&to=${restoredEntry.specHash}`,
    );
    expect(specDiff.body.changes).toContainEqual({ path: 'maxmemory', before: '200Mi' });
  }, 120_000);

  it('uninstalls redis; its objects are pruned by the next pass', async () => {
    const before = await latestPassId();
    const response = await call('/api/v1/batteries/redis', { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ deleted: ['redis'], isDryRun: false });
    const pass = await passAfter(before, 'redis');
    expect(pass.objects.some((o: { action: string }) => o.action === 'prune' || o.action === 'orphan')).toBe(
      true,
    );
    // The Battery object goes once the operator has let go of it (finalizers are released after the pass).
    await eventually('the redis Battery gone', async () =>
      (await call('/api/v1/batteries/redis')).status === 404 ? true : undefined,
    );
  }, 120_000);
});
