import { eventually, startPlatform, type Platform } from '@batteries-included/operator/testing';
import { startBundleServer, type BundleServer } from './testing/bundle-server.js';
import { upstreamReleaseFiles } from './testing/upstream-bundles.js';

const KNATIVE_CORE = '/github.com/knative/serving/releases/download/knative-v1.20.0/serving-core.yaml';
const CERT_MANAGER = '/github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

const PLATFORM = `
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: CoreBattery
metadata: {name: core}
spec:
  ipAddressPools: ['172.18.0.240/28']
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: GatewayApiBattery
metadata: {name: gateway-api}
spec: {}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: CertManagerBattery
metadata: {name: cert-manager}
spec: {email: ops@example.com}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: BatteryCaBattery
metadata: {name: battery-ca}
spec: {}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: CloudnativePgBattery
metadata: {name: cloudnative-pg}
spec: {}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: KeycloakBattery
metadata: {name: keycloak}
spec: {}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: MetallbBattery
metadata: {name: metallb}
spec: {}
---
apiVersion: batteries.batteriesincl.com/v1alpha1
kind: KnativeBattery
metadata: {name: knative}
spec: {}
`;

/**
 * The six upstream-operator batteries on a real control plane of their own, installed by the operator from
 * bundles a local HTTP server assembles out of the real upstream CRDs (obtained through the bundle resolver, see
 * `upstreamReleaseFiles`) and small stand-in operators; the operator's mirror points at it.
 * Nothing runs the upstream controllers here (kwok only fakes pods), so custom resources never get a status: the
 * tests prove that the real CRD schemas accept every generated resource (server-side apply succeeded) and reject a
 * wrong field, and that readiness waits on the conditions those controllers would write.
 */
describe('batteries built on upstream operators, from locally served bundles', () => {
  let platform: Platform;
  let server: BundleServer;
  let files: Map<string, string>;
  let lastSeen = '';
  const kubectl = (args: string[], input?: string) => platform.kubectl(args, input);
  const getJson = (args: string[]) => platform.kubectl.json(args);
  /** Upstream bundles are large and retried with backoff: waits here are long. */
  const slow = (lastSeenOf?: () => string) => ({ timeoutMs: 150_000, intervalMs: 500, lastSeen: lastSeenOf });
  const conditions = async (type: string): Promise<Record<string, Condition>> => {
    const list = await getJson(['get', 'batteries']);
    return Object.fromEntries(
      list.items.map((b: { metadata: { name: string }; status?: { conditions?: Condition[] } }) => [
        b.metadata.name,
        b.status?.conditions?.find((c) => c.type === type),
      ]),
    );
  };

  beforeAll(async () => {
    // The releases first: without a source of upstream bundles there is no point starting a cluster.
    files = await upstreamReleaseFiles();
    platform = await startPlatform({ operator: false });
    server = await startBundleServer(files);
    platform.defer(() => server.close());
    // Knative's core file fails and cert-manager's is missing at first: only their batteries may suffer for it.
    server.set(KNATIVE_CORE, { kind: 'status', status: 503 });
    server.set(CERT_MANAGER, { kind: 'status', status: 404 });
    await platform.startOperator({
      bundleMirror: server.url,
      bundleFetch: { attempts: 2, backoffMs: 50, timeoutMs: 10_000 },
      bundleFailureTtlMs: 1_000,
    });
  }, 180_000);

  afterAll(() => platform?.stop(), 60_000);

  it('installs the batteries whose bundles it has, reports the others, and installs them once their bundles are back', async () => {
    await kubectl(['apply', '--server-side', '-f', '-'], PLATFORM);
    const first = await eventually(
      'the five batteries without a bundle problem Applied',
      async () => {
        const all = await conditions('Applied');
        lastSeen = JSON.stringify(all);
        const fine = ['core', 'gateway-api', 'cloudnative-pg', 'keycloak', 'metallb'];
        return fine.every((name) => all[name]?.status === 'True') &&
          all.knative?.reason === 'BundleUnavailable' &&
          all['cert-manager']?.reason === 'BundleUnavailable' &&
          all['battery-ca']?.reason === 'WaitingForCRD'
          ? all
          : undefined;
      },
      slow(() => lastSeen),
    );
    const ready = await conditions('Ready');
    expect(ready.knative).toMatchObject({ status: 'False', reason: 'BundleUnavailable' });
    expect(ready.knative!.message).toBe(
      `knative: bundle knative-serving@v1.20.0 is unavailable from ${server.url}${KNATIVE_CORE}: HTTP 503 Service Unavailable (after 2 attempts)`,
    );
    expect(ready['cert-manager']!.message).toBe(
      `cert-manager: bundle cert-manager@v1.19.2 is unavailable from ${server.url}${CERT_MANAGER}: HTTP 404 Not Found`,
    );
    // battery-ca's Issuer, Certificate and ClusterIssuer wait for cert-manager's CRDs instead of failing the pass.
    expect(first['battery-ca']!.message).toMatch(
      /^3 objects not applied yet; .*cert-manager\.io.*: waiting for its CustomResourceDefinition: /,
    );

    // cert-manager's release appears: it and battery-ca install on the next retry, knative still waits.
    server.set(CERT_MANAGER, { kind: 'file', content: files.get(CERT_MANAGER)! });
    await eventually(
      'cert-manager and battery-ca Applied',
      async () => {
        const all = await conditions('Applied');
        lastSeen = JSON.stringify(all);
        return all['cert-manager']?.status === 'True' && all['battery-ca']?.status === 'True';
      },
      slow(() => lastSeen),
    );
    expect((await conditions('Applied')).knative).toMatchObject({ reason: 'BundleUnavailable' });

    // Knative's comes back too: the pass retried with backoff picks it up without anyone asking.
    server.set(KNATIVE_CORE, { kind: 'file', content: files.get(KNATIVE_CORE)! });
    await eventually(
      'knative Applied',
      async () => (await conditions('Applied')).knative?.status === 'True',
      slow(),
    );
    const services = await getJson(['get', 'crd', 'services.serving.knative.dev']);
    expect(services.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Established', status: 'True' }),
    );
    const controller = await getJson(['get', 'deployment', 'controller', '-n', 'battery-knative']);
    expect(controller.metadata.labels).toMatchObject({ 'batteriesincl.com/battery': 'knative' });
  }, 400_000);

  it('moved the upstream operators into our namespaces with our labels and hashes', async () => {
    for (const [name, battery] of [
      ['cert-manager', 'cert-manager'],
      ['cnpg-manager', 'cloudnative-pg'],
      ['controller', 'metallb'],
    ] as const) {
      const deployment = await getJson(['get', 'deployment', name, '-n', 'battery-base']);
      expect(deployment.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'batteries-included',
        'batteriesincl.com/battery': battery,
      });
      expect(deployment.metadata.annotations['batteriesincl.com/hash']).toMatch(/^[0-9a-f]{64}$/);
    }
    const binding = await getJson(['get', 'clusterrolebinding', 'cnpg-manager']);
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'cnpg-manager', namespace: 'battery-base' },
    ]);
    for (const upstream of ['cert-manager', 'cnpg-system', 'metallb-system', 'knative-serving'])
      await expect(kubectl(['get', 'namespace', upstream])).rejects.toThrow('NotFound');
    // The Deployments are Available (kwok runs their pods); every upstream CRD is Established.
    await eventually(
      'upstream operators Available',
      async () => {
        const list = await getJson(['get', 'deployments', '-n', 'battery-base']);
        return list.items.every(
          (d: { status?: { availableReplicas?: number } }) => d.status?.availableReplicas === 1,
        );
      },
      slow(),
    );
    const crds = await getJson(['get', 'crd', '-l', 'app.kubernetes.io/managed-by=batteries-included']);
    // Gateway API standard 5, cert-manager 6, CloudNativePG 10, MetalLB 8, Knative Serving 12.
    expect(crds.items.length).toBe(5 + 6 + 10 + 8 + 12);
  });

  it('accepts every generated custom resource under the real upstream CRD schemas, and rejects a wrong field', async () => {
    const cluster = await getJson([
      'get',
      'clusters.postgresql.cnpg.io',
      'pg-keycloak',
      '-n',
      'battery-core',
    ]);
    expect(cluster.spec).toMatchObject({
      instances: 1,
      bootstrap: { initdb: { database: 'keycloak', owner: 'keycloak' } },
      storage: { size: '8Gi' },
    });
    const certificate = await getJson([
      'get',
      'certificates.cert-manager.io',
      'battery-ca',
      '-n',
      'battery-base',
    ]);
    expect(certificate.spec).toMatchObject({ isCA: true, secretName: 'battery-ca' });
    await getJson(['get', 'issuers.cert-manager.io', 'battery-ca-selfsigned', '-n', 'battery-base']);
    for (const name of ['battery-ca', 'lets-encrypt', 'lets-encrypt-stage'])
      await getJson(['get', 'clusterissuers.cert-manager.io', name]);
    const pool = await getJson(['get', 'ipaddresspools.metallb.io', 'default', '-n', 'battery-base']);
    expect(pool.spec.addresses).toEqual(['172.18.0.240/28']);
    await getJson(['get', 'l2advertisements.metallb.io', 'default', '-n', 'battery-base']);

    // The same schemas refuse what they should: these CRDs are real, not permissive stand-ins.
    const wrong = (kind: string, apiVersion: string, spec: object, namespace = 'battery-base') =>
      kubectl(
        ['apply', '--server-side', '--dry-run=server', '-f', '-'],
        JSON.stringify({ apiVersion, kind, metadata: { name: 'wrong', namespace }, spec }),
      );
    await expect(
      wrong('Certificate', 'cert-manager.io/v1', {
        secretName: 'x',
        issuerRef: { name: 'a' },
        privateKey: { algorithm: 'DSA' },
      }),
    ).rejects.toThrow(/spec\.privateKey\.algorithm: Unsupported value: "DSA"/);
    await expect(
      wrong('Certificate', 'cert-manager.io/v1', { secretName: 'x', isCA: 'yes' }),
    ).rejects.toThrow(/\.spec\.isCA: expected boolean/);
    await expect(wrong('Cluster', 'postgresql.cnpg.io/v1', { instances: 0 }, 'battery-core')).rejects.toThrow(
      /spec\.instances: Invalid value: 0: spec\.instances in body should be greater than or equal to 1/,
    );
    await expect(wrong('IPAddressPool', 'metallb.io/v1beta1', { addresses: 'not-a-list' })).rejects.toThrow(
      /\.spec\.addresses: expected list/,
    );
  });

  it('waits on the conditions the upstream controllers would write', async () => {
    const ready = await conditions('Ready');
    // No CloudNativePG controller runs here, so the Cluster never reports Ready — and the battery says so.
    expect(ready['cloudnative-pg']).toMatchObject({ status: 'False', reason: 'NotReady' });
    expect(ready['cloudnative-pg']!.message).toContain(
      'Cluster.postgresql.cnpg.io/battery-core/pg-keycloak: no Ready condition yet',
    );
    expect(ready['battery-ca']!.message).toContain('no Ready condition yet');
    expect(ready['gateway-api']).toMatchObject({ status: 'True' });
  });

  it('fetched each release file once across all passes', () => {
    for (const [path, hits] of server.hits) {
      // Refused files were asked for again on each retry; Knative's CRD file with them, as one bundle.
      if (path.startsWith('/github.com/knative/') || path === CERT_MANAGER) continue;
      expect({ path, hits }).toEqual({ path, hits: 1 });
    }
    // Gateway API, cert-manager, CloudNativePG, MetalLB, Knative Serving's two files and net-gateway-api's one.
    expect(server.hits.size).toBe(7);
  });

  it("keeps keycloak's database and its volumes when keycloak is uninstalled", async () => {
    // What CloudNativePG would do in a real cluster: a PVC per instance, owned by the Cluster.
    const pgCluster = await getJson([
      'get',
      'clusters.postgresql.cnpg.io',
      'pg-keycloak',
      '-n',
      'battery-core',
    ]);
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'pg-keycloak-1',
        namespace: 'battery-core',
        labels: { 'cnpg.io/cluster': 'pg-keycloak' },
        ownerReferences: [
          {
            apiVersion: 'postgresql.cnpg.io/v1',
            kind: 'Cluster',
            name: 'pg-keycloak',
            uid: pgCluster.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } },
    };
    await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(pvc));

    await kubectl(['delete', 'keycloakbattery', 'keycloak', '--wait=true']);
    await eventually(
      'keycloak pruned',
      async () => {
        await kubectl(['get', 'statefulset', 'keycloak', '-n', 'battery-core']).then(
          () => {
            throw new Error('keycloak StatefulSet still there');
          },
          (error: Error) => {
            if (!error.message.includes('NotFound')) throw error;
          },
        );
        const kept = await getJson([
          'get',
          'clusters.postgresql.cnpg.io',
          'pg-keycloak',
          '-n',
          'battery-core',
        ]);
        return kept.metadata.labels?.['batteriesincl.com/orphaned'] === 'true' ? kept : undefined;
      },
      slow(),
    );
    // The Cluster was orphaned, not deleted, so the garbage collector left its volume alone.
    const claim = await getJson(['get', 'pvc', 'pg-keycloak-1', '-n', 'battery-core']);
    expect(claim.metadata.deletionTimestamp).toBeUndefined();

    // What pruning the Cluster would have cost: the real garbage collector deletes the volume it owns.
    await kubectl([
      'delete',
      'clusters.postgresql.cnpg.io',
      'pg-keycloak',
      '-n',
      'battery-core',
      '--wait=true',
    ]);
    await eventually(
      'the owned PVC garbage-collected',
      async () => {
        try {
          const left = await getJson(['get', 'pvc', 'pg-keycloak-1', '-n', 'battery-core']);
          return left.metadata.deletionTimestamp !== undefined;
        } catch (error) {
          return String(error).includes('NotFound');
        }
      },
      slow(),
    );
  }, 180_000);
});
