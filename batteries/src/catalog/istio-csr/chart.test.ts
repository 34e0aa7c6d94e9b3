import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
} from '@batteries-included/batteries/testing';
import { istioCsrSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('istio-csr battery', () => {
  it("signs the mesh's workload certificates with battery-ca and issues istiod's serving certificate", () => {
    const objects = batteryObjects('istio-csr', {
      core: {},
      'gateway-api': {},
      istio: {},
      'cert-manager': {},
      'battery-ca': {},
      'istio-csr': {},
    });
    expectGolden(objects, golden('default'));
    const container = findObject(objects, 'Deployment', 'cert-manager-istio-csr').spec.template.spec
      .containers[0];
    expect(container.image).toBe('quay.io/jetstack/cert-manager-istio-csr:v0.14.3');
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--issuer-name=battery-ca',
        '--issuer-kind=ClusterIssuer',
        '--certificate-namespace=battery-istio',
        '--max-client-certificate-duration=1h',
      ]),
    );
    expect(findObject(objects, 'Certificate', 'istiod').spec).toMatchObject({
      secretName: 'istiod-tls',
      uris: ['spiffe://cluster.local/ns/battery-istio/sa/istiod'],
      issuerRef: { kind: 'ClusterIssuer', name: 'battery-ca' },
    });
    expect(findObject(objects, 'Service', 'cert-manager-istio-csr').spec.ports[0].port).toBe(443);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(istioCsrSchema)).toEqual([]);
  });
});
