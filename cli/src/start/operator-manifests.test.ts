import { renderOperatorManifests } from './operator-manifests.js';

describe('renderOperatorManifests (deploy/base)', () => {
  const objects = renderOperatorManifests({ image: 'registry.local/bi/operator:dev' });
  const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as {
    metadata: { namespace: string; labels: Record<string, string> };
    spec: {
      selector: { matchLabels: Record<string, string> };
      template: {
        metadata: { labels: Record<string, string> };
        spec: {
          containers: Array<{
            image: string;
            envFrom?: Array<{ secretRef: { name: string; optional: boolean } }>;
          }>;
        };
      };
    };
  };

  it('leaves the CRD copy out and keeps the namespace, RBAC, volume, Deployment and Service', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
    ]);
  });

  it('puts namespaced objects in batteries-included-system and cluster-scoped ones nowhere', () => {
    for (const object of objects) {
      const scoped = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(object.kind);
      expect([object.kind, object.metadata.namespace]).toEqual([
        object.kind,
        scoped ? undefined : 'batteries-included-system',
      ]);
    }
  });

  it('replaces the operator image and adds the kustomization labels to selectors and templates', () => {
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('registry.local/bi/operator:dev');
    expect(deployment.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(
      'batteries-included-operator',
    );
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('batteries-included');
    expect(renderOperatorManifests().find((o) => o.kind === 'Deployment')).toMatchObject({
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/batteries-included/operator:0.1.0' }] } } },
    });
  });

  it('reads Home Base settings from the optional Secret home-base that bi start writes', () => {
    expect(deployment.spec.template.spec.containers[0]!.envFrom).toContainEqual({
      secretRef: { name: 'home-base', optional: true },
    });
  });
});
