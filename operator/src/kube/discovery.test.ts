import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import { collectionPath, createDiscovery, isEstablished } from './discovery.js';

const deployments = {
  apiVersion: 'apps/v1',
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};
const namespaces = {
  apiVersion: 'v1',
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};

const crd = (established: boolean): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Gadget', plural: 'gadgets' },
    versions: [
      { name: 'v1', served: true },
      { name: 'v1beta1', served: false },
    ],
  },
  status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] },
});

describe('collectionPath', () => {
  it('names the group path, and the namespace only for namespaced kinds', () => {
    expect(collectionPath(deployments)).toBe('/apis/apps/v1/deployments');
    expect(collectionPath(deployments, 'battery-core')).toBe(
      '/apis/apps/v1/namespaces/battery-core/deployments',
    );
    expect(collectionPath(namespaces, 'ignored')).toBe('/api/v1/namespaces');
  });
});

describe('discovery from CRDs', () => {
  // No server is needed: learning from a CRD is local.
  const discovery = createDiscovery(new KubeConfig());

  it('knows the served versions of an Established CRD, and nothing of one that is not', () => {
    expect(isEstablished(crd(false))).toBe(false);
    expect(discovery.learnCrd(crd(false))).toEqual([]);
    expect(discovery.isKnown('example.com/v1', 'Gadget')).toBe(false);

    expect(discovery.learnCrd(crd(true))).toEqual([
      {
        apiVersion: 'example.com/v1',
        group: 'example.com',
        version: 'v1',
        kind: 'Gadget',
        plural: 'gadgets',
        namespaced: true,
      },
    ]);
    expect(discovery.isKnown('example.com/v1', 'Gadget')).toBe(true);
    expect(discovery.isKnown('example.com/v1beta1', 'Gadget')).toBe(false);
  });

  it('forgets the kinds of a deleted CRD', () => {
    discovery.learnCrd(crd(true));
    discovery.forgetCrd(crd(true));
    expect(discovery.lookup('example.com/v1', 'Gadget')).toBeUndefined();
  });
});
