import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { parse } from 'yaml';
import { reverseDependents } from '../../dependencies.js';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import { fluentBitSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const defaults = { core: {}, loki: {}, 'fluent-bit': {} };

interface FluentBitConfig {
  service: Record<string, unknown>;
  pipeline: {
    inputs: Array<Record<string, unknown>>;
    filters: Array<Record<string, unknown>>;
    outputs: Array<Record<string, unknown>>;
  };
}
interface DaemonSetSpec {
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      serviceAccountName: string;
      tolerations: object[];
      containers: Array<{
        image: string;
        args: string[];
        resources: object;
        securityContext: Record<string, unknown>;
        volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
      }>;
      volumes: Array<{ name: string; hostPath?: { path: string }; configMap?: { name: string } }>;
    };
  };
}
const config = (objects: KubeObject[]) =>
  parse(
    (findObject(objects, 'ConfigMap', 'fluent-bit-config').data as Record<string, string>)[
      'fluent-bit.yaml'
    ]!,
  ) as FluentBitConfig;
const daemonSet = (objects: KubeObject[]) =>
  findObject(objects, 'DaemonSet', 'fluent-bit').spec as DaemonSetSpec;

describe('fluent-bit battery', () => {
  it('generates a DaemonSet that ships every container log to Loki', () => {
    const objects = batteryObjects('fluent-bit', defaults);
    expectGolden(objects, golden('default'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/batteries-fluent-bit',
      'ClusterRoleBinding/batteries-fluent-bit',
      'ConfigMap/fluent-bit-config',
      'DaemonSet/fluent-bit',
      'Service/fluent-bit',
      'ServiceAccount/fluent-bit',
    ]);
    const spec = daemonSet(objects);
    const container = spec.template.spec.containers[0]!;
    expect(container.image).toBe('cr.fluentbit.io/fluent/fluent-bit:4.2.0');
    expect(container.args).toEqual(['--config', '/fluent-bit/etc/fluent-bit.yaml']);
    expect(spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.selector.matchLabels).toEqual(spec.template.metadata.labels);
    // The node's logs are read-only; the only writable path is the offset database.
    expect(container.volumeMounts).toEqual([
      { name: 'config', mountPath: '/fluent-bit/etc', readOnly: true },
      { name: 'logs', mountPath: '/var/log', readOnly: true },
      { name: 'state', mountPath: '/var/lib/fluent-bit' },
    ]);
    expect(spec.template.spec.volumes.map((v) => v.hostPath?.path ?? v.configMap?.name)).toEqual([
      'fluent-bit-config',
      '/var/log',
      '/var/lib/fluent-bit',
    ]);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    const rules = findObject(objects, 'ClusterRole', 'batteries-fluent-bit').rules as Array<{
      verbs: string[];
    }>;
    expect(rules.flatMap((rule) => rule.verbs).sort()).toEqual(['get', 'list', 'watch']);
  });

  it('pushes to the loki Service with namespace, pod, container, battery and instance labels', () => {
    const { pipeline, service } = config(batteryObjects('fluent-bit', defaults));
    expect(service).toMatchObject({
      http_server: 'on',
      http_port: 2020,
      health_check: 'on',
      log_level: 'info',
    });
    expect(pipeline.inputs).toEqual([
      expect.objectContaining({ name: 'tail', path: '/var/log/containers/*.log', tag: 'kube.*' }),
    ]);
    expect(pipeline.filters).toEqual([
      expect.objectContaining({
        name: 'kubernetes',
        match: 'kube.*',
        labels: 'on',
        'k8s-logging.exclude': 'on',
      }),
    ]);
    expect(pipeline.outputs).toHaveLength(1);
    const loki = pipeline.outputs[0]!;
    expect(loki).toMatchObject({ name: 'loki', match: 'kube.*', host: 'loki.battery-core.svc', port: 3100 });
    expect((loki.labels as string).split(', ')).toEqual([
      'job=fluent-bit',
      "namespace=$kubernetes['namespace_name']",
      "pod=$kubernetes['pod_name']",
      "container=$kubernetes['container_name']",
      "battery=$kubernetes['labels']['batteriesincl.com/battery']",
      "instance=$kubernetes['labels']['batteriesincl.com/instance']",
    ]);
  });

  it('is scraped by VictoriaMetrics on its HTTP port', () => {
    const service = findObject(batteryObjects('fluent-bit', defaults), 'Service', 'fluent-bit');
    expect(service.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '2020',
      'prometheus.io/path': '/api/v2/metrics/prometheus',
    });
  });

  it('follows a customised spec and the core namespace', () => {
    const objects = batteryObjects('fluent-bit', {
      core: { defaultSize: 'small', namespaces: { core: 'platform' } },
      loki: {},
      'fluent-bit': {
        image: { repository: 'mirror.example.com/fluent-bit', tag: '4.2.1' },
        logLevel: 'debug',
        resources: { limits: { memory: '512Mi' } },
      },
    });
    expectGolden(objects, golden('custom'));
    expect(daemonSet(objects).template.spec.containers[0]!.image).toBe('mirror.example.com/fluent-bit:4.2.1');
    expect(daemonSet(objects).template.spec.containers[0]!.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '512Mi' },
    });
    expect(config(objects).service.log_level).toBe('debug');
    expect(config(objects).pipeline.outputs[0]!.host).toBe('loki.platform.svc');
    expect(
      objects.filter((o) => o.metadata.namespace).every((o) => o.metadata.namespace === 'platform'),
    ).toBe(true);
  });

  it('waits for Loki, naming it', () => {
    const result = generate(testSnapshot({ core: {}, 'fluent-bit': {} }));
    expect(result.batteries.find((b) => b.type === 'fluent-bit')).toMatchObject({
      status: 'dependencies-unmet',
      missing: ['loki'],
    });
  });

  it('holds the uninstall of Loki while it is installed', () => {
    expect(reverseDependents('loki', ['core', 'grafana', 'loki', 'fluent-bit'])).toEqual(['fluent-bit']);
  });

  it('rejects an unknown log level, failing only this battery', () => {
    const result = generate(testSnapshot({ ...defaults, 'fluent-bit': { logLevel: 'verbose' } }));
    const battery = result.batteries.find((b) => b.type === 'fluent-bit')!;
    expect(battery).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(battery.status === 'failed' && battery.message).toContain('spec.logLevel');
    expect(result.batteries.find((b) => b.type === 'loki')?.status).toBe('generated');
  });

  it('has a schema that converts into a structural CRD schema', () => {
    expect(crdSchemaProblems(fluentBitSchema)).toEqual([]);
  });
});
