import { expectGolden, goldenFiles, testSnapshot } from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';

const golden = goldenFiles(import.meta.url);

describe('core battery', () => {
  it('generates the platform namespaces and settings with defaults', () => {
    const { objects } = generate(testSnapshot({ core: {} }));
    expectGolden(objects, golden('default'));
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([
      'battery-ai',
      'battery-base',
      'battery-core',
      'battery-data',
    ]);
  });

  it('uses the namespace names from its spec', () => {
    const spec = {
      clusterType: 'aws',
      usage: 'production',
      namespaces: { core: 'platform', data: 'stores' },
    };
    const { objects } = generate(testSnapshot({ core: spec }));
    expectGolden(objects, golden('custom'));
    const names = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['platform', 'stores', 'battery-base']));
    expect(objects.find((o) => o.kind === 'ConfigMap')?.metadata.namespace).toBe('platform');
  });

  it('rejects an unknown cluster type, naming the field', () => {
    const { batteries } = generate(testSnapshot({ core: { clusterType: 'gke' } }));
    expect(batteries[0]).toMatchObject({ status: 'failed', reason: 'InvalidSpec' });
    expect(batteries[0]!.status === 'failed' && batteries[0]!.message).toContain('spec.clusterType');
  });
});
