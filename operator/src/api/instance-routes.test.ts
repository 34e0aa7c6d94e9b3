import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import { createPgliteSql } from '@batteries-included/sql';
import { EventBus } from '../engine/event-bus.js';
import { createStore, type Store } from '../store/store.js';
import { createApiApp } from './app.js';
import { openApiDocument } from './openapi.js';

/**
 * The instance, workload and log routes through `app.request()`: what is refused before the cluster is reached
 * (the kubeconfig points at a port nobody listens on, so reaching it would answer 502). Writes, pods and streamed
 * logs against a real API server are in services/services-api.int.test.ts.
 */
describe('the instance, workload and log routes', () => {
  const TOKEN = 'test-token-0123456789';
  let store: Store;
  let app: ReturnType<typeof createApiApp>;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'nowhere', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'nowhere', cluster: 'nowhere', user: 'nobody' }],
    currentContext: 'nowhere',
  });
  const web: KubeObject = {
    apiVersion: 'batteries.batteriesincl.com/v1alpha1',
    kind: 'TraditionalService',
    metadata: { name: 'web', namespace: 'team-a', resourceVersion: '7', generation: 2 },
    spec: { containers: [{ name: 'web', image: 'web:1' }] },
    status: {
      conditions: [{ type: 'Ready', status: 'False', reason: 'NotReady', message: '0/1 replicas ready' }],
      connection: { url: 'http://web.team-a.svc:8080' },
      instances: { desired: 1, ready: 0 },
    },
  };
  const batteries: KubeObject[] = [
    { kind: 'CoreBattery', name: 'core' },
    { kind: 'TraditionalServicesBattery', name: 'traditional-services' },
  ].map(({ kind, name }) => ({
    apiVersion: 'batteries.batteriesincl.com/v1alpha1',
    kind,
    metadata: { name, generation: 1 },
    spec: {},
  }));
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
    app = createApiApp({
      store,
      config,
      view: { batteries: () => batteries, instances: () => [web], live: () => new Map() },
      bus: new EventBus(),
      requestPass: () => undefined,
      token: () => TOKEN,
    });
  }, 60_000);
  afterAll(() => store?.close());

  it.each([
    ['GET', '/api/v1/instances'],
    ['GET', '/api/v1/instances/traditionalservices'],
    ['POST', '/api/v1/instances/traditionalservices/team-a'],
    ['PUT', '/api/v1/instances/traditionalservices/team-a/web'],
    ['DELETE', '/api/v1/instances/traditionalservices/team-a/web'],
    ['GET', '/api/v1/instances/traditionalservices/team-a/web/pods'],
    ['GET', '/api/v1/workloads/team-a/deployments/web/events'],
    ['GET', '/api/v1/pods/team-a/web-1/logs?follow=true'],
  ])('refuses %s %s without the token', async (method, path) => {
    expect((await call(path, { method }, null)).status).toBe(401);
    // Not through ?access_token= either: only the event stream takes it.
    expect(
      (await call(`${path}${path.includes('?') ? '&' : '?'}access_token=${TOKEN}`, { method }, null)).status,
    ).toBe(401);
  });

  it('lists instances from the cache with readiness, URL and pods lifted out', async () => {
    const response = await call('/api/v1/instances/traditionalservices?namespace=team-a');
    expect(response.status).toBe(200);
    expect((await json(response)).instances).toEqual([
      expect.objectContaining({
        kind: 'TraditionalService',
        plural: 'traditionalservices',
        namespace: 'team-a',
        name: 'web',
        ready: 'False',
        message: '0/1 replicas ready',
        url: 'http://web.team-a.svc:8080',
        instances: { desired: 1, ready: 0 },
        resourceVersion: '7',
        generation: 2,
      }),
    ]);
    expect(
      (await json(await call('/api/v1/instances/traditionalservices?namespace=other'))).instances,
    ).toEqual([]);
  });

  it('names the kinds there are for an unknown one', async () => {
    const response = await call('/api/v1/instances/widgets');
    expect(response.status).toBe(404);
    expect((await json(response)).detail).toContain('knativeservices');
  });

  it('refuses an invalid spec with 422 naming each field, before reaching the cluster', async () => {
    const response = await call('/api/v1/instances/traditionalservices/team-a', {
      method: 'POST',
      body: JSON.stringify({
        name: 'web2',
        spec: {
          containers: [{ name: 'web', image: 'web:1' }],
          ports: [{ name: 'http', number: 70000 }],
          env: [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        },
      }),
    });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.type).toMatch(/invalid-spec$/);
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual([
      // The shared rule names the list (the CRD's CEL cannot name an item), and runs with the list, before ports.
      'spec.env',
      'spec.ports[0].number',
    ]);
  });

  it.each([
    ['/api/v1/instances/traditionalservices/..%2Fkube-system', 'POST'],
    ['/api/v1/instances/traditionalservices/Team_A/web', 'PUT'],
    ['/api/v1/pods/team-a/web-1/logs?tailLines=99999', 'GET'],
    ['/api/v1/pods/team-a/..%2F..%2Fsecrets%2Fapi-token/logs', 'GET'],
    ['/api/v1/pods/kube-system%2Fpods/web-1/logs', 'GET'],
    ['/api/v1/pods/team-a/web-1/logs?follow=maybe', 'GET'],
    ['/api/v1/pods/team-a/web-1/logs?sinceTime=x', 'GET'],
    ['/api/v1/workloads/team-a/deployments/Web!/pods', 'GET'],
  ])('refuses %s with 400 naming the parameter', async (path, method) => {
    const response = await call(path, {
      method,
      body: method === 'GET' ? undefined : JSON.stringify({ spec: {} }),
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors?.length).toBeGreaterThan(0);
  });

  it('refuses a body over 1 MiB before reading it', async () => {
    const response = await call('/api/v1/instances/traditionalservices/team-a', {
      method: 'POST',
      body: JSON.stringify({ name: 'big', spec: { padding: 'x'.repeat((1 << 20) + 1) } }),
    });
    expect(response.status).toBe(413);
  });

  it("previews an instance's change as the plan the pass would run, and names an invalid field", async () => {
    const response = await call('/api/v1/preview', {
      method: 'POST',
      body: JSON.stringify({
        instances: [
          {
            plural: 'traditionalservices',
            namespace: 'team-a',
            name: 'web',
            spec: { containers: [{ name: 'web', image: 'web:2' }], ports: [{ name: 'http', number: 8080 }] },
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    const planned = body.plan.changes
      .filter((change: { ref: string }) => change.ref.includes('/team-a/'))
      .map((change: { ref: string; action: string }) => `${change.action} ${change.ref}`);
    expect(planned).toEqual(
      expect.arrayContaining([
        'create Deployment.apps/team-a/web',
        'create Service/team-a/web',
        'create ServiceAccount/team-a/web',
      ]),
    );
    const invalid = await call('/api/v1/preview', {
      method: 'POST',
      body: JSON.stringify({
        instances: [
          {
            plural: 'traditionalservices',
            namespace: 'team-a',
            name: 'web',
            spec: { containers: [{ name: 'web', image: 'web:2' }], ports: [{ name: 'http', number: 0 }] },
          },
        ],
      }),
    });
    expect(invalid.status).toBe(422);
    expect((await json(invalid)).errors[0].field).toBe('instances[0].spec.ports[0].number');
  });

  it('describes the routes in the OpenAPI document', () => {
    const paths = Object.keys(openApiDocument().paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/instances',
        '/api/v1/instances/{plural}',
        '/api/v1/instances/{plural}/{namespace}',
        '/api/v1/instances/{plural}/{namespace}/{name}',
        '/api/v1/instances/{plural}/{namespace}/{name}/pods',
        '/api/v1/instances/{plural}/{namespace}/{name}/events',
        '/api/v1/workloads/{namespace}/{kind}/{name}/pods',
        '/api/v1/pods/{namespace}/{name}/logs',
      ]),
    );
  });
});
