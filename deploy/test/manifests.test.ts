// Static checks of the kustomize base and overlay as written; base.int.test.ts renders and applies them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BASE_DIR, DEPLOY_DIR, REPO_DIR } from '../scripts/paths.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML under test; each assertion names its path
type Manifest = any;

const documents = (path: string): Manifest[] =>
  parseAllDocuments(readFileSync(path, 'utf8')).map((document) => document.toJS());
const one = (file: string): Manifest => documents(join(BASE_DIR, file))[0];

const NAMESPACE = 'batteries-included-system';
const kustomization = one('kustomization.yaml');
const deployment = one('deployment.yaml');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const operatorVersion = JSON.parse(readFileSync(join(REPO_DIR, 'operator/package.json'), 'utf8')).version;

describe('deploy/base/kustomization.yaml', () => {
  it('lists every manifest in the base, and nothing that is not there', () => {
    const files = readdirSync(BASE_DIR)
      .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
      .concat('crds/all.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('puts everything in batteries-included-system and pins the image to the operator version', () => {
    expect(kustomization.namespace).toBe(NAMESPACE);
    expect(kustomization.images).toEqual([
      { name: 'ghcr.io/batteries-included/operator', newTag: operatorVersion },
    ]);
    expect(container.image).toBe('ghcr.io/batteries-included/operator');
    const selectorLabels = kustomization.labels.filter((entry: Manifest) => entry.includeSelectors);
    expect(selectorLabels).toEqual([
      { pairs: { 'app.kubernetes.io/name': 'batteries-included-operator' }, includeSelectors: true },
    ]);
  });
});

describe('deploy/base/deployment.yaml', () => {
  it('passes the operator its contract: port, data directory, namespace and pod name', () => {
    const env = Object.fromEntries(container.env.map((entry: Manifest) => [entry.name, entry]));
    expect(env.BI_HTTP_PORT.value).toBe('4000');
    expect(env.DATA_DIR.value).toBe('/data');
    expect(env.BI_NAMESPACE.valueFrom.fieldRef.fieldPath).toBe('metadata.namespace');
    expect(env.POD_NAME.valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    // In-cluster configuration: a KUBECONFIG would override the service account.
    expect(env.KUBECONFIG).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(container.ports).toEqual([{ name: 'http', containerPort: 4000, protocol: 'TCP' }]);
  });

  it('probes /healthz for liveness and start-up and /readyz for readiness on the http port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it('requests 100m CPU and 512Mi memory, limited to 1280Mi (the operator plus its embedded database process)', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { memory: '1280Mi' },
    });
  });

  it('meets the restricted Pod Security profile with a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork ?? false).toBe(false);
  });

  it('keeps the embedded database on the claim at DATA_DIR, scratch space on an emptyDir, and recreates pods', () => {
    const mounts = Object.fromEntries(container.volumeMounts.map((m: Manifest) => [m.name, m.mountPath]));
    const volumes = Object.fromEntries(pod.volumes.map((v: Manifest) => [v.name, v]));
    expect(mounts).toEqual({ data: '/data', tmp: '/tmp' });
    expect(volumes.data.persistentVolumeClaim.claimName).toBe(one('pvc.yaml').metadata.name);
    expect(volumes.tmp.emptyDir).toBeDefined();
    expect(one('pvc.yaml').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.replicas).toBe(1);
  });

  it('runs as the service account that the ClusterRole and the leader-election Role are bound to', () => {
    const account = one('service-account.yaml').metadata;
    const subject = { kind: 'ServiceAccount', name: account.name, namespace: account.namespace };
    expect(pod.serviceAccountName).toBe(account.name);
    expect(one('cluster-role-binding.yaml').subjects).toEqual([subject]);
    expect(one('cluster-role-binding.yaml').roleRef.name).toBe(one('cluster-role.yaml').metadata.name);
    const [role, binding] = documents(join(BASE_DIR, 'leader-election-role.yaml'));
    expect(binding.subjects).toEqual([subject]);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(role.rules).toContainEqual(
      expect.objectContaining({
        resourceNames: ['batteries-included-operator'],
        verbs: ['get', 'update', 'patch'],
      }),
    );
  });
});

describe('deploy/base/service.yaml', () => {
  it('serves port 4000, named http, on the operator pods', () => {
    const service = one('service.yaml');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 4000, targetPort: 'http', protocol: 'TCP' }]);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
  });

  it("is annotated so VictoriaMetrics scrapes the operator's /metrics on that port", () => {
    expect(one('service.yaml').metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '4000',
      'prometheus.io/path': '/metrics',
    });
  });
});

describe('deploy/overlays/external-postgres', () => {
  const overlay = join(DEPLOY_DIR, 'overlays/external-postgres');
  const patch = documents(join(overlay, 'use-database-url.yaml'))[0];

  it('reads DATABASE_URL from key url of the Secret operator-database, in place of DATA_DIR', () => {
    const env = patch.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'operator-database', key: 'url' } },
    });
    expect(env).toContainEqual({ name: 'DATA_DIR', $patch: 'delete' });
  });

  it('deletes the claim the base declares', () => {
    const [removal] = documents(join(overlay, 'remove-data-volume.yaml'));
    expect(removal).toMatchObject({ $patch: 'delete', kind: 'PersistentVolumeClaim' });
    expect(removal.metadata.name).toBe(one('pvc.yaml').metadata.name);
  });
});
