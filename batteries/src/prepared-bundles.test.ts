import { generate } from './generate.js';
import { hashObject } from './hash/object-hash.js';
import type { SnapshotBundle } from './model/bundle.js';
import type { KubeObject } from './model/kube-object.js';
import { CONFIG_HASH_ANNOTATION, HASH_ANNOTATION } from './model/labels.js';
import { syntheticBundles } from './testing/bundles.js';
import { testSnapshot } from './testing/snapshot.js';
import { OBJECT_HASH_KEY_MATERIAL } from './catalog/core/secrets.js';

const BATTERIES = {
  core: {},
  'cert-manager': {},
  'cloudnative-pg': {},
  metallb: {},
  knative: {},
  'gateway-api': {},
};
const find = (objects: readonly KubeObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

/** A bundle like syntheticBundles' plus a ConfigMap its Deployment reads: config hashes must still follow it. */
function bundlesWithConfig(): Record<string, SnapshotBundle> {
  const bundles = syntheticBundles(BATTERIES);
  const key = 'cert-manager@v1.19.2';
  const entry = bundles[key] as { digest: string; objects: KubeObject[] };
  const objects = entry.objects.map((o) =>
    o.kind === 'Deployment'
      ? {
          ...o,
          spec: {
            ...(o.spec as object),
            template: {
              ...(o.spec as { template: object }).template,
              spec: {
                ...(o.spec as { template: { spec: object } }).template.spec,
                volumes: [{ name: 'config', configMap: { name: 'controller-config' } }],
              },
            },
          },
        }
      : o,
  );
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'controller-config', namespace: 'cert-manager' },
    data: { level: 'info' },
  });
  return { ...bundles, [key]: { digest: entry.digest, objects } };
}

describe('bundles prepared once per bundle', () => {
  it('reuses the prepared objects on the next pass and produces the same bytes as a fresh preparation', () => {
    const bundles = bundlesWithConfig();
    const first = generate(testSnapshot(BATTERIES, [], bundles));
    const second = generate(testSnapshot(BATTERIES, [], bundles));
    const fresh = generate(testSnapshot(BATTERIES, [], structuredClone(bundles)));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(fresh)).toBe(JSON.stringify(first));

    const crd = 'widgets.cert-manager.example.com';
    const reused = find(second.objects, 'CustomResourceDefinition', crd);
    // The same prepared value, not a copy; frozen, so no consumer can change what the next pass reuses.
    expect(reused.spec).toBe(find(first.objects, 'CustomResourceDefinition', crd).spec);
    expect(reused.spec).not.toBe(find(fresh.objects, 'CustomResourceDefinition', crd).spec);
    expect(Object.isFrozen(reused.spec)).toBe(true);
    expect(() => {
      (reused.metadata.labels as Record<string, string>).extra = 'x';
    }).toThrow(TypeError);
  });

  it('hashes every object as a fresh hash would, config hashes of bundle workloads included', () => {
    const bundles = bundlesWithConfig();
    generate(testSnapshot(BATTERIES, [], bundles));
    const snapshot = testSnapshot(BATTERIES, [], bundles);
    const { objects } = generate(snapshot);
    // Secrets are hashed under the installation's key (issue 20); every other object as before.
    const key = snapshot.secretMaterial[OBJECT_HASH_KEY_MATERIAL];
    for (const object of objects)
      expect(object.metadata.annotations![HASH_ANNOTATION]).toBe(hashObject(object, key));
    const deployment = find(objects, 'Deployment', 'cert-manager-controller') as KubeObject & {
      spec: { template: { metadata: { annotations: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prepares again when what the preparation depends on changes: the target namespace, the battery', () => {
    const bundles = bundlesWithConfig();
    generate(testSnapshot(BATTERIES, [], bundles));
    const moved = generate(
      testSnapshot({ ...BATTERIES, core: { namespaces: { base: 'platform-base' } } }, [], bundles),
    );
    expect(find(moved.objects, 'Deployment', 'cert-manager-controller').metadata.namespace).toBe(
      'platform-base',
    );
    expect(find(moved.objects, 'ConfigMap', 'controller-config').metadata.namespace).toBe('platform-base');
    // The same bundle objects, labelled for each battery that includes them.
    const shared = syntheticBundles(BATTERIES)['metallb@v0.15.3']!;
    const both = generate(
      testSnapshot(BATTERIES, [], {
        ...bundles,
        'metallb@v0.15.3': shared,
        'knative-serving@v1.20.0': shared,
      }),
    );
    const owners = both.objects
      .filter(
        (o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === 'widgets.metallb.example.com',
      )
      .map((o) => o.metadata.labels!['batteriesincl.com/battery']);
    expect(owners).toEqual(['knative', 'metallb']);
  });
});
