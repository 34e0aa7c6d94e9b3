import {
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
  testInstanceSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../../generate.js';
import type { SnapshotInstance } from '../../../model/instance.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { traditionalServiceSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const GATEWAY = { 'gateway-api': {}, istio: {}, 'istio-gateway': {} };
const PLATFORM = { core: {}, 'traditional-services': {}, 'cloudnative-pg': {}, ...GATEWAY };

function service(namespace: string, name: string, spec: unknown): SnapshotInstance {
  return { kind: 'TraditionalService', namespace, name, spec };
}
function cluster(namespace: string, name: string, users: unknown[]): SnapshotInstance {
  return { kind: 'PostgresCluster', namespace, name, spec: { users } };
}
function grant(namespace: string, fromNamespaces: string[]): SnapshotInstance {
  return { kind: 'CredentialGrant', namespace, name: 'allow', spec: { fromNamespaces } };
}

const WEB = service('team-a', 'web', {
  containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3', args: ['--port', '8080'] }],
  initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/web:1.2.3', command: ['/migrate'] }],
  ports: [{ name: 'http', number: 8080 }],
  env: [
    { name: 'MODE', value: 'production' },
    { name: 'DATABASE_URL', fromPostgres: { cluster: 'orders', user: 'app', key: 'uri' } },
    { name: 'FLAGS', fromConfigMap: { name: 'web-flags', key: 'flags' } },
  ],
  project: 'shop',
});

function result(snapshot: Snapshot, type: string) {
  const found = generate(snapshot).instances.find((r) => r.type === type);
  if (!found) throw new Error(`no result for ${type}`);
  return found;
}
function rendered(snapshot: Snapshot, type: string) {
  const found = result(snapshot, type);
  if (found.status !== 'generated') throw new Error(found.message);
  return found;
}

describe('TraditionalService', () => {
  it('renders a Deployment, Service, ServiceAccount and a route at <name>.<namespace>.webapp.<address>.<baseDomain>', () => {
    const snapshot = testInstanceSnapshot(PLATFORM, [
      WEB,
      cluster('team-a', 'orders', [{ username: 'app' }]),
    ]);
    const web = rendered(snapshot, 'TraditionalService/team-a/web');
    expectGolden(web.objects, golden('web'));
    expect(objectNames(web.objects)).toEqual([
      'Deployment/team-a/web',
      'HTTPRoute/team-a/web.team-a.webapp',
      'Service/team-a/web',
      'ServiceAccount/team-a/web',
    ]);
    const deployment = findObject(web.objects, 'Deployment', 'web');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector.matchLabels).toEqual({
      'batteriesincl.com/instance-kind': 'TraditionalService',
      'batteriesincl.com/instance': 'web',
    });
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('web');
    expect(deployment.spec.template.metadata.labels['batteriesincl.com/project']).toBe('shop');
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(pod.initContainers[0]).toMatchObject({ name: 'migrate', command: ['/migrate'] });
    expect(pod.containers[0].env).toEqual([
      { name: 'MODE', value: 'production' },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'cloudnative-pg.pg-orders.app', key: 'uri' } },
      },
      { name: 'FLAGS', valueFrom: { configMapKeyRef: { name: 'web-flags', key: 'flags', optional: false } } },
    ]);
    // The init container gets the same settings (migrations need the database too).
    expect(pod.initContainers[0].env).toEqual(pod.containers[0].env);
    // The credential Secret is generated in this pass: its content is hashed into the pod template.
    expect(deployment.spec.template.metadata.annotations['batteriesincl.com/config-hash']).toMatch(
      /^[0-9a-f]{64}$/,
    );
    expect(findObject(web.objects, 'Service', 'web').spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' },
    ]);
    const route = findObject(web.objects, 'HTTPRoute');
    expect(route.spec.hostnames).toEqual(['web.team-a.webapp.127-0-0-1.sslip.io']);
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: 'web', port: 8080 }] }]);
    expect(web.connection).toEqual({
      url: 'http://web.team-a.webapp.127-0-0-1.sslip.io',
      service: 'web.team-a.svc',
    });
    expect(web.problems).toEqual([]);
  });

  it('rolls the pods when the credentials change (a password rotation)', () => {
    const hashAt = (version: number) => {
      const snapshot = testInstanceSnapshot(PLATFORM, [
        WEB,
        cluster('team-a', 'orders', [{ username: 'app', passwordVersion: version }]),
      ]);
      const web = rendered(snapshot, 'TraditionalService/team-a/web');
      return findObject(web.objects, 'Deployment').spec.template.metadata.annotations[
        'batteriesincl.com/config-hash'
      ];
    };
    expect(hashAt(1)).not.toBe(hashAt(2));
  });

  it('reads credentials from another namespace only when the cluster hands them over and this namespace grants it', () => {
    const other = service('team-b', 'api', {
      containers: [{ name: 'api', image: 'api:1' }],
      env: [
        {
          name: 'PGPASSWORD',
          fromPostgres: { cluster: 'orders', namespace: 'team-a', user: 'app', key: 'password' },
        },
      ],
    });
    const handed = cluster('team-a', 'orders', [{ username: 'app', credentialNamespaces: ['team-b'] }]);
    const ok = generate(testInstanceSnapshot(PLATFORM, [other, handed, grant('team-b', ['team-a'])]));
    const api = ok.instances.find((r) => r.type === 'TraditionalService/team-b/api')!;
    expect(api.status === 'generated' && api.problems).toEqual([]);
    expect(objectNames(ok.objects)).toContain('Secret/team-b/cloudnative-pg.pg-orders.app');
    const env = findObject(
      ok.objects.filter((o) => o.metadata.namespace === 'team-b'),
      'Deployment',
    ).spec.template.spec.containers[0].env;
    expect(env).toEqual([
      {
        name: 'PGPASSWORD',
        valueFrom: { secretKeyRef: { name: 'cloudnative-pg.pg-orders.app', key: 'password' } },
      },
    ]);

    // Without the grant: no Secret in team-b, the service still renders and its status names the grant.
    const denied = generate(testInstanceSnapshot(PLATFORM, [other, handed]));
    expect(objectNames(denied.objects)).not.toContain('Secret/team-b/cloudnative-pg.pg-orders.app');
    const waiting = denied.instances.find((r) => r.type === 'TraditionalService/team-b/api')!;
    if (waiting.status !== 'generated') throw new Error('expected generated');
    expect(objectNames(waiting.objects)).toContain('Deployment/team-b/api');
    expect(waiting.problems).toEqual([
      {
        reason: 'CredentialGrantMissing',
        message:
          'spec.env[0] (PGPASSWORD): namespace team-b does not accept credentials from namespace team-a: a CredentialGrant in team-b with spec.fromNamespaces [team-a]',
      },
    ]);
    // Without the cluster handing them over: named too.
    const notHanded = generate(
      testInstanceSnapshot(PLATFORM, [
        other,
        cluster('team-a', 'orders', [{ username: 'app' }]),
        grant('team-b', ['team-a']),
      ]),
    ).instances.find((r) => r.type === 'TraditionalService/team-b/api')!;
    expect(notHanded.status === 'generated' && notHanded.problems[0]!.message).toContain(
      "does not hand user app's credentials to namespace team-b: add team-b to that user's credentialNamespaces",
    );
  });

  it('names a cluster that does not exist (or a missing user) in its status, and renders everything else', () => {
    const web = rendered(testInstanceSnapshot(PLATFORM, [WEB]), 'TraditionalService/team-a/web');
    expect(objectNames(web.objects)).toEqual([
      'Deployment/team-a/web',
      'HTTPRoute/team-a/web.team-a.webapp',
      'Service/team-a/web',
      'ServiceAccount/team-a/web',
    ]);
    expect(web.problems).toEqual([
      {
        reason: 'ReferenceNotFound',
        message:
          'spec.env[1] (DATABASE_URL): fromPostgres names PostgresCluster team-a/orders, which does not exist (or is invalid, or the cloudnative-pg battery is not installed)',
      },
    ]);
    const noUser = rendered(
      testInstanceSnapshot(PLATFORM, [WEB, cluster('team-a', 'orders', [{ username: 'reader' }])]),
      'TraditionalService/team-a/web',
    );
    expect(noUser.problems[0]!.message).toBe(
      'spec.env[1] (DATABASE_URL): PostgresCluster team-a/orders has no user app (its users: reader)',
    );
  });

  it('reports a Redis reference as not resolvable while the RedisInstance kind does not exist', () => {
    const cache = service('team-a', 'cache-user', {
      containers: [{ name: 'app', image: 'app:1' }],
      env: [{ name: 'REDIS_URL', fromRedis: { instance: 'sessions', key: 'uri' } }],
    });
    const rendering = rendered(
      testInstanceSnapshot(PLATFORM, [cache]),
      'TraditionalService/team-a/cache-user',
    );
    expect(rendering.problems).toEqual([
      {
        reason: 'KindNotInstalled',
        message:
          'spec.env[0] (REDIS_URL): fromRedis needs the RedisInstance kind, which the redis battery of this version does not provide yet',
      },
    ]);
  });

  it('scales with a HorizontalPodAutoscaler, leaving the replica count to it', () => {
    const scaled = service('team-a', 'web', {
      containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: '250m' } } }],
      instances: 3,
      autoscaling: { minInstances: 2, maxInstances: 10, cpuTargetPercent: 70 },
    });
    const web = rendered(testInstanceSnapshot(PLATFORM, [scaled]), 'TraditionalService/team-a/web');
    expect(findObject(web.objects, 'Deployment').spec.replicas).toBeUndefined();
    expect(findObject(web.objects, 'HorizontalPodAutoscaler', 'web').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    });
    expect(findObject(web.objects, 'Deployment').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m' },
    });
  });

  it('runs as a StatefulSet with ConfigMap, Secret, emptyDir and persistent volumes mounted in every container', () => {
    const db = service('team-a', 'store', {
      deploymentType: 'statefulset',
      instances: 2,
      containers: [
        { name: 'store', image: 'store:1' },
        { name: 'sidecar', image: 'sidecar:1' },
      ],
      volumes: [
        { name: 'config', type: 'configMap', sourceName: 'store-config' },
        { name: 'tls', type: 'secret', optional: true },
        { name: 'scratch', type: 'emptyDir', medium: 'Memory', sizeLimit: '64Mi' },
        { name: 'data', type: 'persistent', size: '10Gi', storageClass: 'fast' },
      ],
      mounts: [
        { volume: 'config', mountPath: '/etc/store', readOnly: true },
        { volume: 'data', mountPath: '/var/lib/store' },
      ],
      kubeInternal: true,
    });
    const store = rendered(testInstanceSnapshot(PLATFORM, [db]), 'TraditionalService/team-a/store');
    expect(objectNames(store.objects)).toEqual([
      'PersistentVolumeClaim/team-a/store-data',
      'ServiceAccount/team-a/store',
      'StatefulSet/team-a/store',
    ]);
    const set = findObject(store.objects, 'StatefulSet');
    expect(set.spec).toMatchObject({ replicas: 2, serviceName: 'store' });
    expect(set.spec.template.spec.volumes).toEqual([
      { name: 'config', configMap: { name: 'store-config' } },
      { name: 'tls', secret: { secretName: 'tls', optional: true } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'store-data' } },
    ]);
    for (const container of set.spec.template.spec.containers)
      expect(container.volumeMounts).toEqual([
        { name: 'config', mountPath: '/etc/store', readOnly: true },
        { name: 'data', mountPath: '/var/lib/store' },
      ]);
    expect(findObject(store.objects, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'fast',
    });
    // kubeInternal: reached inside the cluster only.
    expect(store.connection).toEqual({ url: 'http://store.team-a.svc' });
  });

  it('serves its additional hosts, and refuses a hostname another service or a battery already has, naming the field', () => {
    const spec = (hosts: string[]) => ({
      containers: [{ name: 'web', image: 'web:1' }],
      ports: [{ name: 'http', number: 8080 }],
      additionalHosts: hosts,
    });
    const snapshot = testInstanceSnapshot({ ...PLATFORM, grafana: {}, 'victoria-metrics': {} }, [
      service('team-a', 'web', spec(['shop.example.com'])),
      service('team-b', 'web', spec(['shop.example.com', 'grafana.127-0-0-1.sslip.io', 'b.example.com'])),
    ]);
    const { instances, objects } = generate(snapshot);
    const a = instances.find((r) => r.type === 'TraditionalService/team-a/web')!;
    const b = instances.find((r) => r.type === 'TraditionalService/team-b/web')!;
    if (a.status !== 'generated' || b.status !== 'generated') throw new Error('expected generated');
    expect(a.problems).toEqual([
      {
        reason: 'HostnameTaken',
        message:
          'spec.additionalHosts[0]: "shop.example.com" is already the hostname of web.team-b.webapp-1 (TraditionalService/team-b/web); choose another hostname',
      },
    ]);
    expect(b.problems.map((p) => p.message)).toEqual([
      'spec.additionalHosts[1]: "grafana.127-0-0-1.sslip.io" is already the hostname of grafana (grafana); choose another hostname',
      'spec.additionalHosts[0]: "shop.example.com" is already the hostname of web.team-a.webapp-1 (TraditionalService/team-a/web); choose another hostname',
    ]);
    const hostnames = objects
      .filter((o) => o.kind === 'HTTPRoute')
      .flatMap((o) => (o.spec as { hostnames: string[] }).hostnames)
      .sort();
    expect(hostnames).toEqual([
      'b.example.com',
      'control.127-0-0-1.sslip.io',
      'grafana.127-0-0-1.sslip.io',
      'vmselect.127-0-0-1.sslip.io',
      'web.team-a.webapp.127-0-0-1.sslip.io',
      'web.team-b.webapp.127-0-0-1.sslip.io',
    ]);
    // The battery keeps its host.
    expect(findObject(objects, 'HTTPRoute', 'grafana').metadata.namespace).toBe('battery-core');
  });

  it('gets an HTTPS listener and a certificate for its hostname when TLS is on', () => {
    const snapshot = testInstanceSnapshot(
      { ...PLATFORM, 'cert-manager': { email: 'ops@example.com' }, 'battery-ca': {} },
      [WEB],
    );
    const { objects, instances } = generate(snapshot);
    const web = instances.find((r) => r.type === 'TraditionalService/team-a/web')!;
    expect(web.status === 'generated' && web.connection?.url).toBe(
      'https://web.team-a.webapp.127-0-0-1.sslip.io',
    );
    const listeners = (
      findObject(objects, 'Gateway').spec as { listeners: Array<{ name: string; hostname?: string }> }
    ).listeners;
    expect(listeners).toContainEqual(
      expect.objectContaining({
        name: 'https-web.team-a.webapp',
        hostname: 'web.team-a.webapp.127-0-0-1.sslip.io',
      }),
    );
    expect(findObject(objects, 'Certificate', 'traditional-services-ingress-cert').spec.dnsNames).toEqual([
      'web.team-a.webapp.127-0-0-1.sslip.io',
    ]);
    expect(
      findObject(web.status === 'generated' ? web.objects : [], 'HTTPRoute').spec.parentRefs[0].sectionName,
    ).toBe('https-web.team-a.webapp');
  });

  it('keeps a service that asks for SSO off the gateway while SSO cannot be put in front of it', () => {
    const guarded = service('team-a', 'admin', {
      containers: [{ name: 'admin', image: 'admin:1' }],
      ports: [{ name: 'http', number: 80 }],
      oauth2Proxy: true,
    });
    const admin = rendered(testInstanceSnapshot(PLATFORM, [guarded]), 'TraditionalService/team-a/admin');
    expect(admin.objects.some((o) => o.kind === 'HTTPRoute')).toBe(false);
    expect(admin.problems.map((p) => p.reason)).toEqual(['SsoUnavailable']);
  });

  it('renders nothing without the traditional-services battery', () => {
    const missing = result(testInstanceSnapshot({ core: {} }, [WEB]), 'TraditionalService/team-a/web');
    expect(missing).toMatchObject({ status: 'dependencies-unmet', missing: ['traditional-services'] });
  });

  it.each([
    [{ ports: [{ name: 'http', number: 70000 }] }, 'spec.ports.0.number'],
    [{ ports: [{ name: 'http', number: 0 }] }, 'spec.ports.0.number'],
    [
      {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      // The shared rule (zod and the CRD's CEL) names the list.
      'spec.env: env: each name may appear once',
    ],
    [
      { env: [{ name: 'A', value: '1', fromSecret: { name: 's', key: 'k' } }] },
      'must have exactly one of value',
    ],
    [{ env: [{ name: 'A' }] }, 'must have exactly one of value'],
    [
      {
        ports: [
          { name: 'a', number: 80 },
          { name: 'b', number: 80 },
        ],
      },
      'each port number may appear once',
    ],
    [
      { volumes: [{ name: 'data', type: 'persistent' }] },
      'spec.volumes.0.size: a persistent volume needs a size',
    ],
    [
      { mounts: [{ volume: 'nope', mountPath: '/x' }] },
      'spec.mounts: mounts: each mount must name one of the volumes',
    ],
    [{ autoscaling: { minInstances: 5, maxInstances: 2 } }, 'spec.autoscaling.maxInstances'],
    [{ additionalHosts: ['Not A Host'] }, 'spec.additionalHosts.0'],
    [{ deploymentType: 'daemonset' }, 'spec.deploymentType'],
    [
      {
        volumes: [{ name: 'd', type: 'emptyDir' }],
        mounts: [{ volume: 'd', mountPath: '/x', subPath: '../etc' }],
      },
      'spec.mounts.0.subPath: must be a relative path without ..',
    ],
  ])('refuses %j, naming the field', (extra, message) => {
    const bad = service('team-a', 'bad', { containers: [{ name: 'c', image: 'c:1' }], ...extra });
    const failed = result(testInstanceSnapshot(PLATFORM, [bad, WEB]), 'TraditionalService/team-a/bad');
    expect(failed).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(failed.status === 'failed' && failed.message).toContain(message);
    // One bad service fails only itself.
    expect(result(testInstanceSnapshot(PLATFORM, [bad, WEB]), 'TraditionalService/team-a/web').status).toBe(
      'generated',
    );
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(traditionalServiceSchema)).toEqual([]);
  });
});
