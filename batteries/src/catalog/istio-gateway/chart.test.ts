import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
} from '@batteries-included/batteries/testing';
import { istioGatewaySchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const base = { core: {}, 'gateway-api': {}, istio: {}, 'istio-gateway': {} };

describe('istio-gateway battery', () => {
  it('generates the Gateway with http and ssh listeners, its LoadBalancer Service and the proxy', () => {
    const objects = batteryObjects('istio-gateway', base);
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'Deployment/battery-istio/istio-ingressgateway',
      'Gateway/battery-istio/istio-ingressgateway',
      'HorizontalPodAutoscaler/battery-istio/istio-ingressgateway',
      'Role/battery-istio/istio-ingressgateway',
      'RoleBinding/battery-istio/istio-ingressgateway',
      'Service/battery-istio/istio-ingressgateway',
      'ServiceAccount/battery-istio/istio-ingressgateway',
    ]);
    const service = findObject(objects, 'Service', 'istio-ingressgateway').spec;
    expect(service.type).toBe('LoadBalancer');
    expect(
      service.ports.map((p: { name: string; port: number; targetPort: number }) => [
        p.name,
        p.port,
        p.targetPort,
      ]),
    ).toEqual([
      ['ssh', 2202, 2202],
      ['http2', 80, 8080],
      ['https', 443, 8443],
    ]);
    const gateway = findObject(objects, 'Gateway', 'istio-ingressgateway').spec;
    expect(gateway.gatewayClassName).toBe('istio');
    expect(gateway.addresses).toEqual([
      { type: 'Hostname', value: 'istio-ingressgateway.battery-istio.svc.cluster.local' },
    ]);
    expect(
      gateway.listeners.map((l: { name: string; protocol: string; port: number }) => [
        l.name,
        l.protocol,
        l.port,
      ]),
    ).toEqual([
      ['http', 'HTTP', 80],
      ['ssh', 'TCP', 2202],
    ]);
    expect(
      findObject(objects, 'Deployment', 'istio-ingressgateway').spec.template.spec.containers[0].image,
    ).toBe('docker.io/istio/proxyv2:1.28.1-distroless');
  });

  it('puts a waypoint in the core and AI namespaces when Keycloak is installed, and the core battery points them at it', () => {
    expect(batteryObjects('istio-gateway', base).some((o) => o.metadata.name === 'waypoint')).toBe(false);
    const batteries = { ...base, keycloak: {}, 'cloudnative-pg': {} };
    const waypoints = batteryObjects('istio-gateway', batteries).filter(
      (o) => o.metadata.name === 'waypoint',
    );
    expect(waypoints.map((o) => [o.kind, o.metadata.namespace, o.spec])).toEqual([
      [
        'Gateway',
        'battery-ai',
        { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      ],
      [
        'Gateway',
        'battery-core',
        { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      ],
    ]);
    const labels = Object.fromEntries(
      batteryObjects('core', batteries)
        .filter((o) => o.kind === 'Namespace')
        .map((o) => [o.metadata.name, o.metadata.labels?.['istio.io/use-waypoint']]),
    );
    expect(labels).toEqual({
      'battery-ai': 'waypoint',
      'battery-base': undefined,
      'battery-core': 'waypoint',
      'battery-data': undefined,
    });
  });

  it('requires istio', () => {
    expect(() => batteryObjects('istio-gateway', { core: {}, 'istio-gateway': {} })).toThrow(
      /dependencies-unmet/,
    );
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(istioGatewaySchema)).toEqual([]);
  });
});
