import {
  batteryObjects,
  findObject,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import { REPORTED_RESOURCES } from './reported-resources.js';
import { kubeMonitoringSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

interface Container {
  image: string;
  args: string[];
  ports: Array<{ name: string; containerPort: number; hostPort?: number }>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface WorkloadSpec {
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      hostNetwork?: boolean;
      hostPID?: boolean;
      nodeSelector?: object;
      tolerations?: object[];
      containers: Container[];
      volumes?: Array<{ name: string; hostPath?: { path: string } }>;
    };
  };
}
interface ServiceSpec {
  clusterIP?: string;
  selector: Record<string, string>;
  ports: Array<{ name: string; port: number }>;
}
const workload = (objects: KubeObject[], kind: string, name: string) =>
  findObject(objects, kind, name).spec as WorkloadSpec;
const defaults = { core: {}, 'victoria-metrics': {}, 'kube-monitoring': {} };

describe('kube-monitoring battery', () => {
  it('generates kube-state-metrics, node-exporter and metrics-server with defaults', () => {
    const objects = batteryObjects('kube-monitoring', defaults);
    expectGolden(objects, golden('default'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'APIService/v1beta1.metrics.k8s.io',
      'ClusterRole/batteries-kube-state-metrics',
      'ClusterRole/batteries-metrics-server',
      'ClusterRole/batteries-metrics-server-reader',
      'ClusterRoleBinding/batteries-kube-state-metrics',
      'ClusterRoleBinding/batteries-metrics-server',
      'ClusterRoleBinding/batteries-metrics-server-auth-delegator',
      'DaemonSet/node-exporter',
      'Deployment/kube-state-metrics',
      'Deployment/metrics-server',
      'RoleBinding/batteries-metrics-server-auth-reader',
      'Service/kube-state-metrics',
      'Service/metrics-server',
      'Service/node-exporter',
      'ServiceAccount/kube-state-metrics',
      'ServiceAccount/metrics-server',
      'ServiceAccount/node-exporter',
    ]);
    expect(
      objects
        .filter((o) => o.metadata.namespace && o.kind !== 'RoleBinding')
        .every((o) => o.metadata.namespace === 'battery-core'),
    ).toBe(true);
  });

  it('runs kube-state-metrics with list/watch access to exactly the resources it reports', () => {
    const objects = batteryObjects('kube-monitoring', defaults);
    const ksm = workload(objects, 'Deployment', 'kube-state-metrics');
    const container = ksm.template.spec.containers[0]!;
    expect(container.image).toBe('registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.17.0');
    expect(container.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['http-metrics', 8080],
      ['telemetry', 8081],
    ]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http-metrics' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'telemetry' });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    });
    expect(ksm.selector.matchLabels).toEqual(ksm.template.metadata.labels);

    const reported = container.args
      .find((a) => a.startsWith('--resources='))!
      .slice('--resources='.length)
      .split(',');
    const rules = findObject(objects, 'ClusterRole', 'batteries-kube-state-metrics').rules as Array<{
      apiGroups: string[];
      resources: string[];
      verbs: string[];
    }>;
    expect(rules.flatMap((r) => r.resources).sort()).toEqual([...reported].sort());
    expect(reported).not.toContain('secrets');
    expect(rules.every((r) => r.verbs.join() === 'list,watch')).toBe(true);
    const deployments = rules.find((r) => r.resources.includes('deployments'))!;
    expect(deployments.apiGroups).toEqual(['apps']);
    expect(reported).toHaveLength(REPORTED_RESOURCES.length);
    expect(findObject(objects, 'ClusterRoleBinding', 'batteries-kube-state-metrics').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'kube-state-metrics', namespace: 'battery-core' },
    ]);
  });

  it('runs node-exporter on every node with the host mounted read-only', () => {
    const objects = batteryObjects('kube-monitoring', defaults);
    const daemonSet = workload(objects, 'DaemonSet', 'node-exporter');
    const pod = daemonSet.template.spec;
    const container = pod.containers[0]!;
    expect(container.image).toBe('quay.io/prometheus/node-exporter:v1.10.2');
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.volumes!.map((v) => v.hostPath?.path)).toEqual(['/proc', '/sys', '/']);
    expect(container.volumeMounts!.every((m) => m.readOnly)).toBe(true);
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
      ]),
    );
    expect(container.ports).toEqual([
      { name: 'metrics', containerPort: 9100, hostPort: 9100, protocol: 'TCP' },
    ]);
    expect(daemonSet.selector.matchLabels).toEqual(daemonSet.template.metadata.labels);
  });

  it('annotates both Services for VictoriaMetrics, with selectors matching the pods', () => {
    const objects = batteryObjects('kube-monitoring', defaults);
    for (const [name, kind, port] of [
      ['kube-state-metrics', 'Deployment', '8080'],
      ['node-exporter', 'DaemonSet', '9100'],
    ] as const) {
      const service = findObject(objects, 'Service', name);
      expect(service.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': port,
        'prometheus.io/path': '/metrics',
      });
      const spec = service.spec as ServiceSpec;
      expect(spec.selector).toEqual(workload(objects, kind, name).template.metadata.labels);
      expect(spec.ports.map((p) => String(p.port))).toContain(port);
    }
    // Only the Services carry scrape annotations, so nothing is scraped twice.
    const podAnnotations = ['Deployment', 'DaemonSet'].flatMap((kind) =>
      objects
        .filter((o) => o.kind === kind)
        .map(
          (o) =>
            (o.spec as { template: { metadata: { annotations?: object } } }).template.metadata.annotations ??
            {},
        ),
    );
    expect(podAnnotations.some((a) => 'prometheus.io/scrape' in a)).toBe(false);
  });

  it('follows a customised spec', () => {
    const spec = {
      kubeStateMetrics: {
        image: { repository: 'mirror.example.com/kube-state-metrics', tag: 'v2.17.1' },
        resources: { limits: { memory: '1Gi' } },
      },
      nodeExporter: { image: { repository: 'mirror.example.com/node-exporter', tag: 'v1.10.3' } },
    };
    const objects = batteryObjects('kube-monitoring', {
      core: { defaultSize: 'tiny' },
      'victoria-metrics': {},
      'kube-monitoring': spec,
    });
    expectGolden(objects, golden('custom'));
    const ksm = workload(objects, 'Deployment', 'kube-state-metrics').template.spec.containers[0]!;
    expect(ksm.image).toBe('mirror.example.com/kube-state-metrics:v2.17.1');
    expect(ksm.resources).toEqual({ requests: { cpu: '25m', memory: '32Mi' }, limits: { memory: '1Gi' } });
    const exporter = workload(objects, 'DaemonSet', 'node-exporter').template.spec.containers[0]!;
    expect(exporter.image).toBe('mirror.example.com/node-exporter:v1.10.3');
    expect(exporter.resources).toEqual({
      requests: { cpu: '13m', memory: '32Mi' },
      limits: { memory: '64Mi' },
    });
  });

  it('waits for VictoriaMetrics, which scrapes it', () => {
    const result = generate(testSnapshot({ core: {}, 'kube-monitoring': {} }));
    expect(result.batteries.find((b) => b.type === 'kube-monitoring')).toMatchObject({
      status: 'dependencies-unmet',
      missing: ['victoria-metrics'],
    });
  });

  it.each([
    ['kubeStateMetrics.image.tag', { kubeStateMetrics: { image: { repository: 'x', tag: 'a b' } } }],
    ['nodeExporter.resources.limits.memory', { nodeExporter: { resources: { limits: { memory: 'big' } } } }],
    ['nodeExporter', { nodeExporter: { hostNetwork: false } }],
  ])('rejects an invalid %s, failing only this battery', (field, spec) => {
    const result = generate(testSnapshot({ ...defaults, 'kube-monitoring': spec }));
    const battery = result.batteries.find((b) => b.type === 'kube-monitoring')!;
    expect(battery).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(battery.status === 'failed' && battery.message).toContain(`spec.${field}`);
    expect(result.batteries.find((b) => b.type === 'victoria-metrics')?.status).toBe('generated');
  });

  it('serves the resource metrics API through metrics-server, readable by whoever may view pods', () => {
    const objects = batteryObjects('kube-monitoring', defaults);
    expect(findObject(objects, 'APIService', 'v1beta1.metrics.k8s.io').spec).toEqual({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      service: { name: 'metrics-server', namespace: 'battery-core' },
      groupPriorityMinimum: 100,
      versionPriority: 100,
      insecureSkipTLSVerify: true,
    });
    const deployment = workload(objects, 'Deployment', 'metrics-server');
    const container = deployment.template.spec.containers[0]!;
    expect(container.image).toBe('registry.k8s.io/metrics-server/metrics-server:v0.8.0');
    expect(container.args).toContain('--secure-port=10250');
    expect(container.ports.map((p) => [p.name, p.containerPort])).toEqual([['https', 10250]]);
    expect((findObject(objects, 'Service', 'metrics-server').spec as ServiceSpec).selector).toEqual(
      deployment.template.metadata.labels,
    );
    const reader = findObject(objects, 'ClusterRole', 'batteries-metrics-server-reader');
    expect(reader.metadata.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(reader.rules).toEqual([
      { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const authReader = findObject(objects, 'RoleBinding', 'batteries-metrics-server-auth-reader');
    expect(authReader.metadata.namespace).toBe('kube-system');
    expect(authReader.roleRef).toMatchObject({
      kind: 'Role',
      name: 'extension-apiserver-authentication-reader',
    });
    expect(
      findObject(objects, 'ClusterRoleBinding', 'batteries-metrics-server-auth-delegator').roleRef,
    ).toMatchObject({ kind: 'ClusterRole', name: 'system:auth-delegator' });
  });

  it('has a schema that converts into a structural CRD schema', () => {
    expect(crdSchemaProblems(kubeMonitoringSchema)).toEqual([]);
  });
});
