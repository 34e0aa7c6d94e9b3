import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { startBundleServer } from '../bundles/testing/bundle-server.js';
import { upstreamReleaseFiles } from '../bundles/testing/upstream-bundles.js';

const GROUP = 'batteries.batteriesincl.com/v1alpha1';

const PLATFORM = [
  'core',
  'gateway-api',
  'istio',
  'istio-gateway',
  'cloudnative-pg',
  'knative',
  'traditional-services',
].map((type) => {
  const kind = `${type
    .split('-')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}Battery`;
  return { apiVersion: GROUP, kind, metadata: { name: type }, spec: {} };
});

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface InstanceObject {
  spec: Record<string, unknown>;
  status?: {
    conditions?: Condition[];
    connection?: Record<string, string>;
    instances?: { desired: number; ready: number };
    message?: string;
  };
}

const instance = (kind: string, namespace: string, name: string, spec: object) =>
  JSON.stringify({ apiVersion: GROUP, kind, metadata: { name, namespace }, spec });

const WEB_SPEC = {
  containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3' }],
  ports: [{ name: 'http', number: 8080 }],
  env: [
    { name: 'MODE', value: 'production' },
    {
      name: 'DATABASE_URL',
      fromPostgres: { cluster: 'orders', namespace: 'team-data', user: 'app', key: 'uri' },
    },
  ],
};

/**
 * Services on a real control plane with the real upstream CRDs (Knative Serving, Gateway API, CloudNativePG, from
 * the bundle fetcher's offline mirror): the operator renders them, the API server's schemas (ours with their CEL
 * rules, and Knative's) accept what is right and refuse what is not, naming the field. Nothing runs Knative's or
 * CloudNativePG's controllers here; kwok runs the pods of Deployments.
 */
describe('KnativeService and TraditionalService on a real control plane', () => {
  let platform: Platform;
  let lastSeen = '';
  const kubectl = (args: string[], input?: string) => platform.kubectl(args, input);
  const getJson = (args: string[]) => platform.kubectl.json(args);
  const slow = { timeoutMs: 150_000, intervalMs: 500, lastSeen: () => lastSeen };
  const read = async (kind: string, namespace: string, name: string): Promise<InstanceObject> =>
    (await getJson(['get', kind, name, '-n', namespace])) as InstanceObject;

  beforeAll(async () => {
    const files = await upstreamReleaseFiles();
    platform = await startPlatform({ operator: false });
    const server = await startBundleServer(files);
    platform.defer(() => server.close());
    await platform.startOperator({ bundleMirror: server.url });
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      PLATFORM.map((b) => JSON.stringify(b)).join('\n---\n'),
    );
    for (const namespace of ['team-a', 'team-b', 'team-data'])
      await kubectl(['create', 'namespace', namespace]);
    await eventually(
      'the knative and traditional-services batteries Applied',
      async () => {
        const list = await getJson(['get', 'batteries']);
        const applied = Object.fromEntries(
          list.items.map((b: { metadata: { name: string }; status?: { conditions?: Condition[] } }) => [
            b.metadata.name,
            b.status?.conditions?.find((c) => c.type === 'Applied'),
          ]),
        );
        lastSeen = JSON.stringify(applied);
        return ['knative', 'traditional-services', 'gateway-api', 'cloudnative-pg'].every(
          (name) => applied[name]?.status === 'True',
        );
      },
      slow,
    );
  }, 300_000);

  afterAll(() => platform?.stop(), 60_000);

  it("accepts a KnativeService and renders the Knative Service, which Knative's own CRD accepts", async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      instance('KnativeService', 'team-a', 'hello', {
        containers: [{ name: 'hello', image: 'ghcr.io/knative/helloworld-go:latest' }],
        ports: [{ name: 'http', number: 8080, protocol: 'http' }],
        env: [{ name: 'TARGET', value: 'world' }],
        maxScale: 3,
        targetConcurrency: 10,
      }),
    );
    const service = await eventually(
      'the serving.knative.dev Service',
      () => getJson(['get', 'services.serving.knative.dev', 'hello', '-n', 'team-a']).catch(() => undefined),
      slow,
    );
    expect(service.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'batteries-included',
      'batteriesincl.com/instance-kind': 'KnativeService',
      'batteriesincl.com/instance': 'hello',
    });
    expect(service.metadata.annotations['serving.knative.dev/rollout-duration']).toBe('10m');
    expect(service.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/min-scale': '0',
      'autoscaling.knative.dev/max-scale': '3',
      'autoscaling.knative.dev/target': '10',
    });
    expect(service.spec.template.spec.containers[0]).toMatchObject({
      image: 'ghcr.io/knative/helloworld-go:latest',
      ports: [{ name: 'http1', containerPort: 8080 }],
      env: [{ name: 'TARGET', value: 'world' }],
    });
    const hello = await eventually(
      'the KnativeService status with its URL',
      async () => {
        const current = await read('knativeservices', 'team-a', 'hello');
        lastSeen = JSON.stringify(current.status);
        const ready = current.status?.conditions?.find((c) => c.type === 'Ready');
        return current.status?.connection?.url && ready?.message.includes('no Ready condition yet')
          ? current
          : undefined;
      },
      slow,
    );
    expect(hello.status!.connection!.url).toBe('http://hello.team-a.webapp.127-0-0-1.sslip.io');
    // No Knative controller runs here: the Service never reports Ready, and the instance says so.
    expect(hello.status!.conditions!.find((c) => c.type === 'Ready')!.message).toContain(
      'Service.serving.knative.dev/team-a/hello: no Ready condition yet',
    );
  }, 200_000);

  it("resolves env from a PostgresCluster user: the reference is right and the credentials appear in the service's namespace", async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      [
        instance('PostgresCluster', 'team-data', 'orders', {
          users: [{ username: 'app', credentialNamespaces: ['team-a'] }],
          database: { name: 'orders', owner: 'app' },
        }),
        instance('CredentialGrant', 'team-a', 'from-data', { fromNamespaces: ['team-data'] }),
        instance('TraditionalService', 'team-a', 'web', WEB_SPEC),
      ].join('\n---\n'),
    );
    const deployment = await eventually(
      'the web Deployment',
      () => getJson(['get', 'deployment', 'web', '-n', 'team-a']).catch(() => undefined),
      slow,
    );
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'production' },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'cloudnative-pg.pg-orders.app', key: 'uri' } },
      },
    ]);
    const secret = await eventually(
      'the credential Secret in team-a',
      () => getJson(['get', 'secret', 'cloudnative-pg.pg-orders.app', '-n', 'team-a']).catch(() => undefined),
      slow,
    );
    const uri = Buffer.from(secret.data.uri, 'base64').toString();
    expect(uri).toMatch(
      /^postgresql:\/\/app:[A-Za-z0-9]{32}@pg-orders-rw\.team-data\.svc:5432\/orders\?sslmode=prefer$/,
    );
    for (const [kind, name] of [
      ['service', 'web'],
      ['serviceaccount', 'web'],
      ['httproutes.gateway.networking.k8s.io', 'web.team-a.webapp'],
    ] as const)
      await getJson(['get', kind, name, '-n', 'team-a']);
    const route = await getJson([
      'get',
      'httproutes.gateway.networking.k8s.io',
      'web.team-a.webapp',
      '-n',
      'team-a',
    ]);
    expect(route.spec.hostnames).toEqual(['web.team-a.webapp.127-0-0-1.sslip.io']);

    // kwok runs the pod; the status shows it ready, the URL, and no problem.
    const web = await eventually(
      'the web service Ready with 1 of 1 pods',
      async () => {
        const current = await read('traditionalservices', 'team-a', 'web');
        lastSeen = JSON.stringify(current.status);
        const ready = current.status?.conditions?.find((c) => c.type === 'Ready');
        return ready?.status === 'True' && current.status?.instances?.ready === 1 ? current : undefined;
      },
      slow,
    );
    expect(web.status!.connection).toEqual({
      url: 'http://web.team-a.webapp.127-0-0-1.sslip.io',
      service: 'web.team-a.svc',
    });
    expect(web.status!.instances).toEqual({ desired: 1, ready: 1 });

    // A password rotation changes the Secret, and with it the pod template: the pods roll.
    const before = deployment.spec.template.metadata.annotations['batteriesincl.com/config-hash'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    await kubectl([
      'patch',
      'postgresclusters',
      'orders',
      '-n',
      'team-data',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/users/0/passwordVersion","value":2}]',
    ]);
    await eventually(
      'a new config hash on the web pods',
      async () => {
        const current = await getJson(['get', 'deployment', 'web', '-n', 'team-a']);
        const hash = current.spec.template.metadata.annotations['batteriesincl.com/config-hash'];
        lastSeen = hash;
        return hash !== before;
      },
      slow,
    );
  }, 300_000);

  it('names a missing cluster and a missing grant in the status, and still renders the rest of the service', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      [
        instance('TraditionalService', 'team-b', 'lost', {
          containers: [{ name: 'app', image: 'app:1' }],
          env: [{ name: 'PGHOST', fromPostgres: { cluster: 'nowhere', user: 'app', key: 'host' } }],
        }),
        instance('TraditionalService', 'team-b', 'ungranted', {
          containers: [{ name: 'app', image: 'app:1' }],
          env: [
            {
              name: 'PGHOST',
              fromPostgres: { cluster: 'orders', namespace: 'team-data', user: 'app', key: 'host' },
            },
          ],
        }),
      ].join('\n---\n'),
    );
    const statusOf = (name: string) =>
      eventually(
        `the ${name} service not Ready with a message`,
        async () => {
          const current = await read('traditionalservices', 'team-b', name);
          lastSeen = JSON.stringify(current.status);
          const ready = current.status?.conditions?.find((c) => c.type === 'Ready');
          return ready?.status === 'False' && ready.reason !== 'NotReady' ? ready : undefined;
        },
        slow,
      );
    const lost = await statusOf('lost');
    expect(lost.reason).toBe('ReferenceNotFound');
    expect(lost.message).toContain(
      'spec.env[0] (PGHOST): fromPostgres names PostgresCluster team-b/nowhere, which does not exist',
    );
    const ungranted = await statusOf('ungranted');
    expect(ungranted.reason).toBe('CredentialGrantMissing');
    expect(ungranted.message).toContain("does not hand user app's credentials to namespace team-b");
    expect(ungranted.message).toContain(
      'namespace team-b does not accept credentials from namespace team-data',
    );
    // The rest of each service is there; no credentials were written into team-b.
    for (const name of ['lost', 'ungranted']) await getJson(['get', 'deployment', name, '-n', 'team-b']);
    await expect(kubectl(['get', 'secret', 'cloudnative-pg.pg-orders.app', '-n', 'team-b'])).rejects.toThrow(
      'NotFound',
    );
  }, 200_000);

  it('renders a HorizontalPodAutoscaler and leaves the replica count to it', async () => {
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      instance('TraditionalService', 'team-a', 'worker', {
        containers: [{ name: 'worker', image: 'worker:1', resources: { requests: { cpu: '100m' } } }],
        autoscaling: { minInstances: 2, maxInstances: 6, cpuTargetPercent: 60 },
      }),
    );
    const hpa = await eventually(
      'the worker HorizontalPodAutoscaler',
      () => getJson(['get', 'hpa', 'worker', '-n', 'team-a']).catch(() => undefined),
      slow,
    );
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
      ],
    });
    const deployment = await getJson([
      'get',
      'deployment',
      'worker',
      '-n',
      'team-a',
      '--show-managed-fields',
    ]);
    // Our field manager does not own spec.replicas, so applying never fights the autoscaler.
    const ours = deployment.metadata.managedFields.find(
      (entry: { manager: string }) => entry.manager === 'batteries-included',
    ) as { fieldsV1: { 'f:spec': Record<string, unknown> } };
    expect(Object.keys(ours.fieldsV1['f:spec'])).not.toContain('f:replicas');
    expect(Object.keys(ours.fieldsV1['f:spec'])).toContain('f:template');
  }, 200_000);

  it('refuses to shrink a persistent volume, naming the field', async () => {
    const store = (size: string) =>
      instance('TraditionalService', 'team-a', 'store', {
        deploymentType: 'statefulset',
        containers: [{ name: 'store', image: 'store:1' }],
        volumes: [{ name: 'data', type: 'persistent', size }],
        mounts: [{ volume: 'data', mountPath: '/data' }],
      });
    await kubectl(['apply', '--server-side', '-f', '-'], store('10Gi'));
    await kubectl(['apply', '--server-side', '-f', '-'], store('20Gi'));
    await expect(kubectl(['apply', '--server-side', '-f', '-'], store('5Gi'))).rejects.toThrow(
      /spec\.volumes\[0\]\.size: Forbidden: may not shrink/,
    );
    const claim = await eventually(
      'the store-data claim at 20Gi',
      async () => {
        const current = await getJson(['get', 'pvc', 'store-data', '-n', 'team-a']).catch(() => undefined);
        lastSeen = JSON.stringify(current?.spec);
        return current?.spec.resources.requests.storage === '20Gi' ? current : undefined;
      },
      slow,
    );
    expect(claim.metadata.labels['batteriesincl.com/instance']).toBe('store');
  }, 200_000);

  it.each([
    [
      'a port out of range',
      { containers: [{ name: 'c', image: 'c:1' }], ports: [{ name: 'http', number: 70000 }] },
      /spec\.ports\[0\]\.number: Invalid value: 70000: spec\.ports\[0\]\.number in body should be less than or equal to 65535/,
    ],
    [
      'duplicate env names',
      {
        containers: [{ name: 'c', image: 'c:1' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      /spec\.env: Invalid value: .*env: each name may appear once/,
    ],
    [
      'an env value with two sources',
      {
        containers: [{ name: 'c', image: 'c:1' }],
        env: [{ name: 'A', value: '1', fromSecret: { name: 's', key: 'k' } }],
      },
      /spec\.env\[0\]: Invalid value: .*must have exactly one of value, fromConfigMap, fromSecret, fromPostgres, fromRedis/,
    ],
    [
      'a mount of no volume',
      { containers: [{ name: 'c', image: 'c:1' }], mounts: [{ volume: 'nope', mountPath: '/x' }] },
      /spec\.mounts: Invalid value: .*mounts: each mount must name one of the volumes/,
    ],
    [
      'duplicate container names',
      { containers: [{ name: 'c', image: 'c:1' }], initContainers: [{ name: 'c', image: 'c:1' }] },
      /spec\.initContainers: Invalid value: .*each container name may appear once/,
    ],
  ])('refuses a TraditionalService with %s, naming the field', async (_what, spec, message) => {
    await expect(
      kubectl(
        ['apply', '--server-side', '--dry-run=server', '-f', '-'],
        instance('TraditionalService', 'team-a', 'bad', spec),
      ),
    ).rejects.toThrow(message);
  });

  it('refuses a KnativeService that may not scale to zero but is asked to, naming the field', async () => {
    await expect(
      kubectl(
        ['apply', '--server-side', '--dry-run=server', '-f', '-'],
        instance('KnativeService', 'team-a', 'bad', {
          containers: [{ name: 'c', image: 'c:1' }],
          minScale: 2,
        }),
      ),
    ).rejects.toThrow(
      // The shared rule's message, as zod words it too.
      /spec\.minScale: Invalid value: .*: must be 0 while scaleToZero is true; set scaleToZero false to keep pods/,
    );
  });

  it('fails both services that claim one hostname, naming the field, and routes neither to it', async () => {
    const claimant = (name: string) =>
      instance('TraditionalService', 'team-b', name, {
        containers: [{ name: 'c', image: 'c:1' }],
        ports: [{ name: 'http', number: 80 }],
        additionalHosts: ['shop.example.com'],
      });
    await kubectl(
      ['apply', '--server-side', '-f', '-'],
      [claimant('shop-a'), claimant('shop-b')].join('\n---\n'),
    );
    for (const [name, other] of [
      ['shop-a', 'shop-b'],
      ['shop-b', 'shop-a'],
    ] as const) {
      const ready = await eventually(
        `${name} not Ready: hostname taken`,
        async () => {
          const current = await read('traditionalservices', 'team-b', name);
          lastSeen = JSON.stringify(current.status);
          const condition = current.status?.conditions?.find((c) => c.type === 'Ready');
          return condition?.reason === 'HostnameTaken' ? condition : undefined;
        },
        slow,
      );
      expect(ready.message).toBe(
        `spec.additionalHosts[0]: "shop.example.com" is already the hostname of ${other}.team-b.webapp-1 (TraditionalService/team-b/${other}); choose another hostname`,
      );
    }
    const routes = await getJson(['get', 'httproutes.gateway.networking.k8s.io', '-n', 'team-b']);
    const hostnames = routes.items.flatMap((r: { spec: { hostnames: string[] } }) => r.spec.hostnames).sort();
    expect(hostnames).toEqual([
      'shop-a.team-b.webapp.127-0-0-1.sslip.io',
      'shop-b.team-b.webapp.127-0-0-1.sslip.io',
    ]);
  }, 200_000);
});
