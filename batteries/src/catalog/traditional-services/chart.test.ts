import {
  batteryObjects,
  findObject,
  generationFailure,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { traditionalServicesSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const TYPE = 'traditional-services';

describe('traditional-services battery', () => {
  it('prepares the namespace with restrictive defaults', () => {
    const objects = batteryObjects('traditional-services', { core: {}, [TYPE]: {} });
    expectGolden(objects, golden('default'));

    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'LimitRange/battery-traditional/traditional-services',
      'Namespace//battery-traditional',
      'NetworkPolicy/battery-traditional/traditional-services-ingress',
      'ResourceQuota/battery-traditional/traditional-services',
      'ServiceAccount/battery-traditional/traditional-services',
    ]);
    expect(findObject(objects, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(findObject(objects, 'Namespace').metadata.labels['istio.io/dataplane-mode']).toBeUndefined();
    expect(findObject(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(findObject(objects, 'ResourceQuota').spec.hard).toEqual({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'limits.memory': '32Gi',
      'requests.storage': '200Gi',
      pods: '100',
      persistentvolumeclaims: '20',
    });
    expect(findObject(objects, 'LimitRange').spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' } },
    ]);
    const policy = findObject(objects, 'NetworkPolicy').spec;
    expect(policy.podSelector).toEqual({});
    expect(policy.policyTypes).toEqual(['Ingress']);
    // Only the namespace's own pods, nothing else.
    expect(policy.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
  });

  it('opens the namespace to the platform only for the batteries that are installed', () => {
    const spec = {
      podSecurity: 'restricted',
      quota: { requestsCpu: '16', pods: 20 },
      containerDefaults: { memoryRequest: '256Mi', memoryLimit: '1Gi' },
      networkPolicy: { allowFromNamespaces: ['frontend', 'battery-istio'] },
    };
    const objects = batteryObjects('traditional-services', {
      core: { namespaces: { traditional: 'apps' } },
      [TYPE]: spec,
      istio: {},
      'victoria-metrics': {},
    });
    expectGolden(objects, golden('custom'));

    const namespace = findObject(objects, 'Namespace');
    expect(namespace.metadata.name).toBe('apps');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'istio.io/dataplane-mode': 'ambient',
    });
    expect(new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))).toEqual(
      new Set(['apps']),
    );
    expect(findObject(objects, 'ResourceQuota').spec.hard).toMatchObject({
      'requests.cpu': '16',
      pods: '20',
    });
    expect(findObject(objects, 'LimitRange').spec.limits[0].default).toEqual({ memory: '1Gi' });

    const [own, hbone, probes] = findObject(objects, 'NetworkPolicy').spec.ingress;
    const byName = (name: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
    });
    // Deduplicated and sorted: the istio namespace appears once although the spec lists it too.
    expect(own.from).toEqual([
      { podSelector: {} },
      byName('battery-core'),
      byName('battery-istio'),
      byName('frontend'),
    ]);
    expect(hbone).toEqual({ ports: [{ port: 15008, protocol: 'TCP' }] });
    expect(probes).toEqual({ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] });
  });

  it('leaves out the quota, limit range and network policy when disabled', () => {
    const objects = batteryObjects('traditional-services', {
      core: {},
      [TYPE]: {
        quota: { enabled: false },
        containerDefaults: { enabled: false },
        networkPolicy: { enabled: false },
      },
    });
    expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount']);
  });

  it('rejects invalid specs, naming the field', () => {
    expect(generationFailure(TYPE, { podSecurity: 'strict' })).toContain('spec.podSecurity');
    expect(generationFailure(TYPE, { quota: { pods: 0 } })).toContain('spec.quota.pods');
    expect(generationFailure(TYPE, { quota: { requestsMemory: '16 GB' } })).toContain(
      'spec.quota.requestsMemory',
    );
    expect(generationFailure(TYPE, { networkPolicy: { allowFromNamespaces: ['Bad_Name'] } })).toContain(
      'spec.networkPolicy.allowFromNamespaces.0',
    );
    expect(
      generationFailure(TYPE, { containerDefaults: { memoryRequest: '1Gi', memoryLimit: '512Mi' } }),
    ).toContain('spec.containerDefaults.memoryRequest: must not exceed memoryLimit (512Mi), got 1Gi');
  });

  it('fails alone when its spec is invalid', () => {
    const { batteries, objects } = generate(testSnapshot({ core: {}, [TYPE]: { unknown: true } }));
    expect(batteries.find((b) => b.type === TYPE)).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
    expect(objects.some((o) => o.metadata.labels?.['batteriesincl.com/battery'] === TYPE)).toBe(false);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(traditionalServicesSchema)).toEqual([]);
  });
});
