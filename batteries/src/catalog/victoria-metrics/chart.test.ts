import {
  batteryObjects,
  findObject,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { parse } from 'yaml';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import { victoriaMetricsUrl } from './endpoints.js';
import { victoriaMetricsSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

// Loose views of the generated objects, enough for the assertions below.
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    serviceAccountName: string;
    containers: Array<{
      image: string;
      args: string[];
      ports: Array<{ name: string; containerPort: number }>;
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      volumeMounts: Array<{ name: string; mountPath: string }>;
    }>;
    volumes: Array<{ name: string; configMap?: { name: string } }>;
  };
}
interface StatefulSetSpec {
  selector: { matchLabels: Record<string, string> };
  template: PodTemplate;
  volumeClaimTemplates: Array<{
    metadata: { name: string };
    spec: { resources: { requests: { storage: string } } };
  }>;
}
const statefulSetSpec = (objects: KubeObject[]) =>
  findObject(objects, 'StatefulSet', 'vmsingle').spec as StatefulSetSpec;
const scrapeConfig = (objects: KubeObject[]) =>
  parse(
    (findObject(objects, 'ConfigMap', 'vmsingle-scrape').data as Record<string, string>)['scrape.yaml']!,
  ) as {
    global: { scrape_interval: string };
    scrape_configs: Array<{ job_name: string; kubernetes_sd_configs: Array<{ role: string }> }>;
  };

describe('victoria-metrics battery', () => {
  it('generates single-node VictoriaMetrics with defaults', () => {
    const vm = batteryObjects('victoria-metrics', { core: {}, 'victoria-metrics': {} });
    expectGolden(vm, golden('default'));
    expect(vm.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/batteries-vmsingle',
      'ClusterRoleBinding/batteries-vmsingle',
      'ConfigMap/vmsingle-scrape',
      'Service/vmsingle',
      'ServiceAccount/vmsingle',
      'StatefulSet/vmsingle',
    ]);
    expect(vm.filter((o) => o.metadata.namespace).every((o) => o.metadata.namespace === 'battery-core')).toBe(
      true,
    );

    const sts = statefulSetSpec(vm);
    const container = sts.template.spec.containers[0]!;
    expect(container.image).toBe('victoriametrics/victoria-metrics:v1.131.0');
    expect(container.args).toEqual([
      '-storageDataPath=/storage',
      '-retentionPeriod=1',
      '-httpListenAddr=:8428',
      '-promscrape.config=/config/scrape.yaml',
    ]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8428, protocol: 'TCP' }]);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/storage' },
      { name: 'config', mountPath: '/config', readOnly: true },
    ]);
    expect(sts.template.spec.volumes).toEqual([{ name: 'config', configMap: { name: 'vmsingle-scrape' } }]);
    // Medium preset: 50Gi of storage, half a core and 1 GiB.
    expect(sts.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('50Gi');
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '1024Mi' },
      limits: { memory: '2048Mi' },
    });
    expect(sts.selector.matchLabels).toEqual(sts.template.metadata.labels);
    // A config change must roll the pod.
    expect(
      (
        findObject(vm, 'StatefulSet', 'vmsingle').spec as {
          template: { metadata: { annotations: Record<string, string> } };
        }
      ).template.metadata.annotations['batteriesincl.com/config-hash'],
    ).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exposes the query URL on a Service whose selector matches the pods', () => {
    const vm = batteryObjects('victoria-metrics', { core: {}, 'victoria-metrics': {} });
    const service = findObject(vm, 'Service', 'vmsingle');
    const spec = service.spec as { selector: Record<string, string>; ports: Array<Record<string, unknown>> };
    expect(spec.ports).toEqual([{ name: 'http', port: 8428, targetPort: 'http', protocol: 'TCP' }]);
    expect(spec.selector).toEqual(statefulSetSpec(vm).template.metadata.labels);
    expect(service.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8428',
    });
    expect(victoriaMetricsUrl({ core: 'battery-core' })).toBe('http://vmsingle.battery-core.svc:8428');
  });

  it('scrapes annotated services, pods and kubelets, with RBAC to discover them', () => {
    const vm = batteryObjects('victoria-metrics', { core: {}, 'victoria-metrics': {} });
    const config = scrapeConfig(vm);
    expect(config.global.scrape_interval).toBe('30s');
    expect(config.scrape_configs.map((job) => [job.job_name, job.kubernetes_sd_configs[0]!.role])).toEqual([
      ['kubernetes-service-endpoints', 'endpointslice'],
      ['kubernetes-pods', 'pod'],
      ['kubelet', 'node'],
      ['cadvisor', 'node'],
    ]);
    const yaml = (findObject(vm, 'ConfigMap', 'vmsingle-scrape').data as Record<string, string>)[
      'scrape.yaml'
    ]!;
    for (const annotation of ['scrape', 'port', 'path']) {
      expect(yaml).toContain(`__meta_kubernetes_service_annotation_prometheus_io_${annotation}`);
      expect(yaml).toContain(`__meta_kubernetes_pod_annotation_prometheus_io_${annotation}`);
    }
    // Instances' metrics carry their kind and name (the Services they render are labelled with them).
    expect(yaml).toContain('__meta_kubernetes_service_label_batteriesincl_com_instance_kind');
    expect(yaml).toContain('target_label: instance_kind');
    expect(yaml).toContain('target_label: instance_name');

    const rules = findObject(vm, 'ClusterRole', 'batteries-vmsingle').rules as Array<{
      resources: string[];
      verbs: string[];
    }>;
    const resources = rules.flatMap((rule) => rule.resources).sort();
    expect(resources).toEqual(['endpointslices', 'nodes', 'nodes/metrics', 'pods', 'services']);
    expect(rules.flatMap((rule) => rule.verbs).every((verb) => ['get', 'list', 'watch'].includes(verb))).toBe(
      true,
    );
    expect(findObject(vm, 'ClusterRoleBinding', 'batteries-vmsingle').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'vmsingle', namespace: 'battery-core' },
    ]);
    expect(findObject(vm, 'ServiceAccount', 'vmsingle').automountServiceAccountToken).toBe(true);
  });

  it('follows a customised spec', () => {
    const spec = {
      image: { repository: 'mirror.example.com/vm', tag: 'v1.132.0' },
      storageSize: '120Gi',
      retentionPeriod: '30d',
      scrapeInterval: '15s',
      scrapeKubelets: false,
      resources: { requests: { cpu: '2' }, limits: { cpu: '4' } },
    };
    const batteries = {
      core: { defaultSize: 'small', namespaces: { core: 'platform' } },
      'victoria-metrics': spec,
    };
    const vm = batteryObjects('victoria-metrics', batteries);
    expectGolden(vm, golden('custom'));

    const sts = statefulSetSpec(vm);
    const container = sts.template.spec.containers[0]!;
    expect(container.image).toBe('mirror.example.com/vm:v1.132.0');
    expect(container.args).toContain('-retentionPeriod=30d');
    expect(sts.volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('120Gi');
    // Overrides win field by field; the rest follows the small preset.
    expect(container.resources).toEqual({
      requests: { cpu: '2', memory: '512Mi' },
      limits: { cpu: '4', memory: '1024Mi' },
    });
    expect(vm.filter((o) => o.metadata.namespace).every((o) => o.metadata.namespace === 'platform')).toBe(
      true,
    );

    const config = scrapeConfig(vm);
    expect(config.global.scrape_interval).toBe('15s');
    expect(config.scrape_configs.map((job) => job.job_name)).toEqual([
      'kubernetes-service-endpoints',
      'kubernetes-pods',
    ]);
    const rules = findObject(vm, 'ClusterRole', 'batteries-vmsingle').rules as Array<{ resources: string[] }>;
    expect(rules.flatMap((rule) => rule.resources)).not.toContain('nodes');
  });

  it('sizes storage by the platform size unless the spec says', () => {
    const size = (defaultSize: string) =>
      statefulSetSpec(batteryObjects('victoria-metrics', { core: { defaultSize }, 'victoria-metrics': {} }))
        .volumeClaimTemplates[0]!.spec.resources.requests.storage;
    expect(['tiny', 'small', 'large', 'huge'].map(size)).toEqual(['1Gi', '10Gi', '200Gi', '2Ti']);
  });

  it('grows an existing volume through its claim, leaving the immutable claim template alone', () => {
    const live: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'vmsingle', namespace: 'battery-core' },
      spec: {
        volumeClaimTemplates: [
          { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '50Gi' } } } },
        ],
      },
    };
    const grown = batteryObjects(
      'victoria-metrics',
      { core: {}, 'victoria-metrics': { storageSize: '80Gi' } },
      [live],
    );
    expect(statefulSetSpec(grown).volumeClaimTemplates[0]!.spec.resources.requests.storage).toBe('50Gi');
    const claim = findObject(grown, 'PersistentVolumeClaim', 'data-vmsingle-0');
    expect(claim.metadata.namespace).toBe('battery-core');
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '80Gi' } },
    });

    // Unchanged size: no explicit claim. A smaller default (platform shrank) never shrinks the volume.
    const same = batteryObjects('victoria-metrics', { core: {}, 'victoria-metrics': {} }, [live]);
    expect(same.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const liveClaim: KubeObject = {
      ...claim,
      metadata: { name: claim.metadata.name, namespace: 'battery-core' },
    };
    const shrunk = batteryObjects(
      'victoria-metrics',
      { core: { defaultSize: 'tiny' }, 'victoria-metrics': {} },
      [live, liveClaim],
    );
    expect(
      (
        findObject(shrunk, 'PersistentVolumeClaim', 'data-vmsingle-0')
          .spec as StatefulSetSpec['volumeClaimTemplates'][0]['spec']
      ).resources.requests.storage,
    ).toBe('80Gi');
  });

  it.each([
    ['retentionPeriod', { retentionPeriod: '12h' }],
    ['retentionPeriod', { retentionPeriod: '1 month' }],
    ['scrapeInterval', { scrapeInterval: '30' }],
    ['storageSize', { storageSize: 'lots' }],
    ['image.tag', { image: { repository: 'vm', tag: ':bad' } }],
    ['colour', { colour: 'blue' }],
  ])('rejects an invalid %s, failing only this battery', (field, spec) => {
    const result = generate(testSnapshot({ core: {}, 'victoria-metrics': spec }));
    const vm = result.batteries.find((b) => b.type === 'victoria-metrics')!;
    expect(vm).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(vm.status === 'failed' && vm.message).toContain(field === 'colour' ? 'colour' : `spec.${field}`);
    expect(result.batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });

  it('accepts the retention forms VictoriaMetrics does', () => {
    for (const retentionPeriod of ['1', '12', '24h', '100h', '30d', '2w', '1y']) {
      expect(victoriaMetricsSchema.safeParse({ retentionPeriod }).success).toBe(true);
    }
  });

  it('waits for the core battery', () => {
    const result = generate(testSnapshot({ 'victoria-metrics': {} }));
    expect(result.batteries[0]).toMatchObject({ status: 'dependencies-unmet', missing: ['core'] });
  });

  it('has a schema that converts into a structural CRD schema', () => {
    expect(crdSchemaProblems(victoriaMetricsSchema)).toEqual([]);
  });
});
