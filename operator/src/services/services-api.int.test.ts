import {
  appendPodLog,
  eventually,
  startPlatform,
  type OperatorPlatform,
  type PlatformApi,
} from '@batteries-included/operator/testing';
import { LOG_STREAMS_PER_CLIENT } from '../api/log-routes.js';

const GROUP = 'batteries.batteriesincl.com/v1alpha1';
const BASE = '/api/v1/instances/traditionalservices';
const SPEC = {
  containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3' }],
  ports: [{ name: 'http', number: 8080 }],
  volumes: [{ name: 'data', type: 'persistent', size: '2Gi' }],
  mounts: [{ volume: 'data', mountPath: '/data' }],
};

/** Reads a streamed response until `done` says it has what it waits for (or the stream ends). */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return text;
    text += decoder.decode(chunk.value, { stream: true });
    if (done(text)) {
      await reader.cancel();
      return text;
    }
  }
}

/**
 * The API for services on a real control plane whose simulated containers log (kwok serves each container's log
 * from a file the test appends to): create, read, update and delete with validation and conflicts, the pods and
 * events of a service, and its logs streamed through the operator, bounded per client, behind the token.
 */
describe('the services API, with pods, events and logs', () => {
  let platform: OperatorPlatform;
  let api: PlatformApi;
  let lastSeen = '';
  const logFile = () => platform.cluster.podLogs!.current;
  const logs = (pod: string, query: string, headers: Record<string, string> = {}) =>
    api.request(`/api/v1/pods/team-a/${pod}/logs?${query}`, {
      headers: { authorization: `Bearer ${api.token}`, ...headers },
    });

  beforeAll(async () => {
    platform = await startPlatform({ podLogs: true });
    api = await platform.startApi();
    await platform.kubectl(
      ['apply', '--server-side', '-f', '-'],
      ['core', 'traditional-services']
        .map((type) =>
          JSON.stringify({
            apiVersion: GROUP,
            kind: type === 'core' ? 'CoreBattery' : 'TraditionalServicesBattery',
            metadata: { name: type },
            spec: {},
          }),
        )
        .join('\n---\n'),
    );
    await platform.kubectl(['create', 'namespace', 'team-a']);
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('creates a service, refusing bad input with 422 naming the field and a taken name with 409', async () => {
    const bad = await api.call(`${BASE}/team-a`, {
      method: 'POST',
      body: { name: 'web', spec: { ...SPEC, ports: [{ name: 'http', number: 70000 }] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'spec.ports[0].number', value: 70000 }),
    ]);
    const duplicate = await api.call(`${BASE}/team-a`, {
      method: 'POST',
      body: {
        name: 'web',
        spec: {
          ...SPEC,
          env: [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        },
      },
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors[0]).toMatchObject({ field: 'spec.env[1].name' });

    const nowhere = await api.call(`${BASE}/no-such-namespace`, {
      method: 'POST',
      body: { name: 'web', spec: SPEC },
    });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.detail).toContain('no-such-namespace');

    const created = await api.call(`${BASE}/team-a`, { method: 'POST', body: { name: 'web', spec: SPEC } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'TraditionalService', namespace: 'team-a', name: 'web' });
    const again = await api.call(`${BASE}/team-a`, { method: 'POST', body: { name: 'web', spec: SPEC } });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/already-exists$/);

    const listed = await eventually(
      'the service listed with its URL and a ready pod',
      async () => {
        const { body } = await api.call(BASE);
        lastSeen = JSON.stringify(body);
        const web = body.instances.find((i: { name: string }) => i.name === 'web');
        return web?.url && web.instances?.ready === 1 ? web : undefined;
      },
      { timeoutMs: 120_000, lastSeen: () => lastSeen },
    );
    // No gateway installed: reached inside the cluster.
    expect(listed.url).toBe('http://web.team-a.svc:8080');
    const kinds = await api.call('/api/v1/instances');
    const kind = kinds.body.kinds.find((k: { kind: string }) => k.kind === 'TraditionalService');
    expect(kind).toMatchObject({
      plural: 'traditionalservices',
      battery: 'traditional-services',
      installed: true,
    });
    expect(kind.schema.properties.ports.items.properties.number).toMatchObject({
      minimum: 1,
      maximum: 65535,
    });
  }, 180_000);

  it('updates a service: a stale resourceVersion is 409, a shrinking volume 422 naming the field', async () => {
    const current = await api.call(`${BASE}/team-a/web`);
    expect(current.status).toBe(200);
    const grown = await api.call(`${BASE}/team-a/web`, {
      method: 'PUT',
      body: { spec: { ...SPEC, volumes: [{ name: 'data', type: 'persistent', size: '4Gi' }] } },
    });
    expect(grown.status).toBe(200);
    const stale = await api.call(`${BASE}/team-a/web`, {
      method: 'PUT',
      body: { spec: SPEC, resourceVersion: current.body.resourceVersion },
    });
    expect(stale.status).toBe(409);
    const shrunk = await api.call(`${BASE}/team-a/web`, {
      method: 'PUT',
      body: { spec: { ...SPEC, volumes: [{ name: 'data', type: 'persistent', size: '1Gi' }] } },
    });
    expect(shrunk.status).toBe(422);
    expect(shrunk.body.errors).toEqual([
      expect.objectContaining({
        field: 'spec.volumes[0].size',
        message: expect.stringContaining('may not shrink'),
      }),
    ]);
    // The server-side dry-run caught it: nothing was written.
    const after = await api.call(`${BASE}/team-a/web`);
    expect(after.body.spec.volumes[0].size).toBe('4Gi');
  }, 60_000);

  it("lists the service's pods and events", async () => {
    const pods = await eventually('a Running pod', async () => {
      const { body } = await api.call(`${BASE}/team-a/web/pods`);
      return body.pods.find((p: { phase: string; ready: boolean }) => p.phase === 'Running' && p.ready)
        ? body.pods
        : undefined;
    });
    expect(pods[0]).toMatchObject({ namespace: 'team-a', containers: ['web'], restarts: 0 });
    expect(pods[0].node).toMatch(/^kwok-node-/);
    const { body } = await api.call(`${BASE}/team-a/web/events`);
    expect(body.events).toContainEqual(
      expect.objectContaining({ reason: 'Scheduled', object: `Pod/${pods[0].name}` }),
    );
    const workload = await api.call('/api/v1/workloads/team-a/deployments/web/pods');
    expect(workload.body.pods.map((p: { name: string }) => p.name)).toEqual(
      pods.map((p: { name: string }) => p.name),
    );
    // A workload the platform does not manage is not shown.
    await platform.kubectl(['create', 'deployment', 'other', '--image=other:1', '-n', 'team-a']);
    expect((await api.call('/api/v1/workloads/team-a/deployments/other/pods')).status).toBe(404);
  }, 60_000);

  it('streams a pod’s log through the operator: tail, follow and previous, behind the token', async () => {
    const { body } = await api.call(`${BASE}/team-a/web/pods`);
    const pod = body.pods[0].name as string;
    appendPodLog(logFile(), ['booting', 'listening on :8080']);
    appendPodLog(platform.cluster.podLogs!.previous, ['panic: out of memory']);

    const tail = await logs(pod, 'tailLines=10');
    expect(tail.status).toBe(200);
    expect(tail.headers.get('content-type')).toContain('text/plain');
    expect(await tail.text()).toBe('booting\nlistening on :8080\n');
    const previous = await logs(pod, 'previous=true');
    expect(await previous.text()).toBe('panic: out of memory\n');

    const followed = await logs(pod, 'follow=true&tailLines=1');
    expect(followed.status).toBe(200);
    const reading = readUntil(followed, (text) => text.includes('GET /healthz 200'));
    // A line the container writes after the stream opened arrives on it.
    setTimeout(() => appendPodLog(logFile(), ['GET /healthz 200']), 500);
    expect(await reading).toBe('listening on :8080\nGET /healthz 200\n');

    expect((await api.request(`/api/v1/pods/team-a/${pod}/logs`)).status).toBe(401);
    const badQuery = await logs(pod, 'tailLines=lots');
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe(
      'tailLines',
    );
    const noContainer = await logs(pod, 'container=sidecar');
    expect(noContainer.status).toBe(400);
  }, 60_000);

  it('refuses the log of a pod the platform does not manage', async () => {
    const other = await eventually('the unmanaged pod', async () => {
      const list = await platform.kubectl.json(['get', 'pods', '-n', 'team-a', '-l', 'app=other']);
      return list.items[0]?.metadata.name as string | undefined;
    });
    const response = await logs(other, 'tailLines=1');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain(
      'does not belong to a managed workload',
    );
  });

  it(`holds at most ${LOG_STREAMS_PER_CLIENT} log streams per client`, async () => {
    const { body } = await api.call(`${BASE}/team-a/web/pods`);
    const pod = body.pods[0].name as string;
    const open = await Promise.all(
      Array.from({ length: LOG_STREAMS_PER_CLIENT }, () => logs(pod, 'follow=true&tailLines=0')),
    );
    expect(open.map((r) => r.status)).toEqual(Array(LOG_STREAMS_PER_CLIENT).fill(200));
    const refused = await logs(pod, 'follow=true&tailLines=0');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { type: string }).type).toMatch(/too-many-streams$/);
    // Closing one frees its place.
    await open[0]!.body!.cancel();
    await eventually('a stream slot free again', async () => {
      const next = await logs(pod, 'follow=true&tailLines=0');
      if (next.status !== 200) return undefined;
      await next.body!.cancel();
      return true;
    });
    for (const response of open.slice(1)) await response.body!.cancel();
  }, 60_000);

  it('deletes a service; its volume claim is kept', async () => {
    const dry = await api.call(`${BASE}/team-a/web?dryRun=true`, { method: 'DELETE' });
    // The answer names the data the deletion keeps.
    expect(dry.body).toEqual({
      deleted: 'TraditionalService/team-a/web',
      isDryRun: true,
      kept: ['PersistentVolumeClaim/team-a/web-data'],
    });
    expect((await api.call(`${BASE}/team-a/web`)).status).toBe(200);
    const deleted = await api.call(`${BASE}/team-a/web`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    await eventually('the Deployment pruned', async () => {
      const list = await platform.kubectl.json(['get', 'deployments', '-n', 'team-a', '-o', 'json']);
      return !list.items.some((d: { metadata: { name: string } }) => d.metadata.name === 'web');
    });
    // Data is never deleted by surprise.
    const claim = await platform.kubectl.json(['get', 'pvc', 'web-data', '-n', 'team-a']);
    expect(claim.metadata.labels['batteriesincl.com/orphaned']).toBe('true');
    expect((await api.call(`${BASE}/team-a/web`)).status).toBe(404);
  }, 120_000);
});
