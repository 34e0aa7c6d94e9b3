import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
} from '@batteries-included/batteries/testing';
import { istioSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const base = { core: {}, 'gateway-api': {}, istio: {} };

describe('istio battery', () => {
  it('generates the ambient control plane and node agents in the istio namespace, with the upstream CRDs', () => {
    const objects = batteryObjects('istio', base);
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual(
      expect.arrayContaining([
        'Namespace/battery-istio',
        'CustomResourceDefinition/widgets.istio.example.com',
        'Deployment/battery-istio/istiod',
        'Service/battery-istio/istiod',
        'HorizontalPodAutoscaler/battery-istio/istiod',
        'ConfigMap/battery-istio/istio',
        'DaemonSet/battery-istio/istio-cni-node',
        'DaemonSet/battery-istio/ztunnel',
        'Telemetry/battery-istio/mesh-default',
      ]),
    );
    const istiod = findObject(objects, 'Deployment', 'istiod').spec.template.spec.containers[0];
    expect(istiod.image).toBe('docker.io/istio/pilot:1.28.1-distroless');
    expect(istiod.env).toEqual(
      expect.arrayContaining([
        { name: 'PILOT_ENABLE_AMBIENT', value: 'true' },
        { name: 'ENABLE_CA_SERVER', value: 'true' },
      ]),
    );
    const ztunnel = findObject(objects, 'DaemonSet', 'ztunnel').spec.template.spec.containers[0];
    expect(ztunnel.image).toBe('docker.io/istio/ztunnel:1.28.1-distroless');
    expect(ztunnel.env).toContainEqual({ name: 'CA_ADDRESS', value: 'istiod.battery-istio.svc:15012' });
    expect(findObject(objects, 'DaemonSet', 'istio-cni-node').spec.template.spec.containers[0].image).toBe(
      'docker.io/istio/install-cni:1.28.1-distroless',
    );
  });

  it('enrols the core, data and AI namespaces in the ambient mesh and leaves base out', () => {
    const namespaces = batteryObjects('core', base).filter((o) => o.kind === 'Namespace');
    expect(
      Object.fromEntries(
        namespaces.map((o) => [o.metadata.name, o.metadata.labels?.['istio.io/dataplane-mode']]),
      ),
    ).toEqual({
      'battery-ai': 'ambient',
      'battery-base': 'none',
      'battery-core': 'ambient',
      'battery-data': 'ambient',
    });
  });

  it('hands certificate signing to istio-csr when it is installed', () => {
    const objects = batteryObjects('istio', {
      ...base,
      'cert-manager': {},
      'battery-ca': {},
      'istio-csr': {},
    });
    const istiod = findObject(objects, 'Deployment', 'istiod').spec.template.spec;
    expect(istiod.containers[0].env).toContainEqual({ name: 'ENABLE_CA_SERVER', value: 'false' });
    expect(istiod.containers[0].args).toContain('--tlsCertFile=/etc/cert-manager/tls/tls.crt');
    expect(istiod.volumes).toContainEqual({ name: 'cert-manager', secret: { secretName: 'istiod-tls' } });
    const ztunnel = findObject(objects, 'DaemonSet', 'ztunnel').spec.template.spec.containers[0];
    expect(ztunnel.env).toContainEqual({
      name: 'CA_ADDRESS',
      value: 'cert-manager-istio-csr.battery-base.svc:443',
    });
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'istio').data.mesh).defaultConfig.caAddress).toBe(
      'cert-manager-istio-csr.battery-base.svc:443',
    );
  });

  it('requires mutual TLS in the meshed namespaces once the platform CA is installed', () => {
    expect(batteryObjects('istio', base).some((o) => o.kind === 'PeerAuthentication')).toBe(false);
    const objects = batteryObjects('istio', { ...base, 'cert-manager': {}, 'battery-ca': {} });
    const policies = objects.filter((o) => o.kind === 'PeerAuthentication');
    expect(policies.map((o) => [o.metadata.namespace, o.metadata.name, o.spec])).toEqual([
      ['battery-ai', 'default', { mtls: { mode: 'STRICT' } }],
      ['battery-core', 'default', { mtls: { mode: 'STRICT' } }],
      ['battery-data', 'default', { mtls: { mode: 'STRICT' } }],
    ]);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(istioSchema)).toEqual([]);
  });
});
