import {
  BATTERY_LABEL,
  HASH_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  hashObject,
  objectKey,
  type KubeObject,
} from '@batteries-included/batteries';
import type { InventoryRef } from '@batteries-included/operator';

/** Told apart from every generated object (and from the other copy) by this label; the bench's cache selects on it. */
export const COPY_LABEL = 'bench.batteriesincl.com/copy';
/** The battery label value the synthetic objects carry, as if a battery named `bench` had generated them. */
export const BENCH_BATTERY = 'bench';

/** Per namespace: the Namespace itself and 99 objects, so 10 namespaces make 1,000 objects. */
export const PER_NAMESPACE = { ConfigMap: 45, ServiceAccount: 25, Service: 20, Deployment: 9 } as const;

/**
 * A battery-free set of `namespaces × 100` managed objects (Namespaces, ConfigMaps, ServiceAccounts, Services,
 * Deployments of `replicas` pods each, default 1), labelled and hashed as `generate` labels and hashes its output
 * (managed-by, battery label, hash annotation over the rest), plus `COPY_LABEL=<copy>` so two copies never see each
 * other. Sorted by key, like `generate`'s output.
 */
export function syntheticObjects(
  copy: string,
  namespaces = 10,
  { replicas = 1 }: { replicas?: number } = {},
): KubeObject[] {
  const objects: KubeObject[] = [];
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [BATTERY_LABEL]: BENCH_BATTERY, [COPY_LABEL]: copy };
  const meta = (name: string, namespace?: string) => ({
    name,
    ...(namespace ? { namespace } : {}),
    labels: { ...labels, 'app.kubernetes.io/name': name },
  });
  for (let n = 0; n < namespaces; n++) {
    const ns = `bench-${copy}-${String(n).padStart(2, '0')}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns) });
    for (let i = 0; i < PER_NAMESPACE.ConfigMap; i++) {
      const name = `config-${i}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(name, ns),
        data: {
          'app.yaml': [
            `name: ${name}`,
            'server:',
            '  port: 8080',
            '  timeout: 30s',
            `log_level: ${i % 2 ? 'info' : 'debug'}`,
            `replica: ${i}`,
          ].join('\n'),
          MODE: 'production',
          FEATURE_FLAGS: 'a,b,c',
        },
      });
    }
    for (let i = 0; i < PER_NAMESPACE.ServiceAccount; i++) {
      objects.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(`sa-${i}`, ns),
        automountServiceAccountToken: false,
      });
    }
    for (let i = 0; i < PER_NAMESPACE.Service; i++) {
      const name = `svc-${i}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(name, ns),
        spec: {
          type: 'ClusterIP',
          selector: { 'app.kubernetes.io/name': name },
          ports: [
            { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
            { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
          ],
        },
      });
    }
    for (let i = 0; i < PER_NAMESPACE.Deployment; i++) {
      const name = `app-${i}`;
      const podLabels = { 'app.kubernetes.io/name': name };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(name, ns),
        spec: {
          replicas,
          selector: { matchLabels: podLabels },
          template: {
            metadata: { labels: podLabels },
            spec: {
              serviceAccountName: `sa-${i}`,
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: 65532 },
              containers: [
                {
                  name: 'app',
                  image: 'registry.k8s.io/pause:3.10',
                  ports: [
                    { name: 'http', containerPort: 8080, protocol: 'TCP' },
                    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
                  ],
                  env: [{ name: 'CONFIG', value: `/etc/app/app.yaml` }],
                  resources: {
                    requests: { cpu: '10m', memory: '16Mi' },
                    limits: { memory: '32Mi' },
                  },
                  volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
                },
              ],
              volumes: [{ name: 'config', configMap: { name: `config-${i}` } }],
            },
          },
        },
      });
    }
  }
  return objects.map(stampHash).sort((a, b) => compare(objectKey(a), objectKey(b)));
}

/** The inventory a store would hand the next pass after these objects were applied. */
export function inventoryOf(objects: readonly KubeObject[]): Map<string, InventoryRef> {
  return new Map(
    objects.map((o) => [
      objectKey(o),
      {
        hash: o.metadata.annotations![HASH_ANNOTATION]!,
        battery: BENCH_BATTERY,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
      },
    ]),
  );
}

/** Counts by kind, for the printed description of the set. */
export function kindCounts(objects: readonly KubeObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

function stampHash(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [HASH_ANNOTATION]: hashObject(object) },
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
