import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
} from '@batteries-included/batteries/testing';
import { trustManagerSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('trust-manager battery', () => {
  it("runs trust-manager in the base namespace and distributes battery-ca's certificate to platform namespaces", () => {
    const objects = batteryObjects('trust-manager', {
      core: {},
      'cert-manager': {},
      'battery-ca': {},
      'trust-manager': {},
    });
    expectGolden(objects, golden('default'));
    const deployment = findObject(objects, 'Deployment', 'trust-manager').spec.template.spec;
    expect(deployment.containers[0].image).toBe('quay.io/jetstack/trust-manager:v0.20.2');
    expect(deployment.initContainers[0].image).toBe(
      'quay.io/jetstack/cert-manager-package-debian:20210119.2',
    );
    expect(deployment.containers[0].args).toContain('--trust-namespace=battery-base');
    expect(findObject(objects, 'Bundle', 'battery-ca-bundle').spec).toEqual({
      sources: [{ secret: { name: 'battery-ca', key: 'ca.crt' } }],
      target: {
        configMap: { key: 'ca.crt' },
        namespaceSelector: {
          matchLabels: { 'app.kubernetes.io/managed-by': 'batteries-included' },
        },
      },
    });
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(trustManagerSchema)).toEqual([]);
  });
});
