import {
  batteryObjects,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  objectNames,
} from '@batteries-included/batteries/testing';
import { kialiSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);
const batteries = {
  core: {},
  'gateway-api': {},
  istio: {},
  'istio-gateway': {},
  grafana: {},
  'victoria-metrics': {},
  kiali: {},
};

describe('kiali battery', () => {
  it('generates Kiali in the istio namespace, reading metrics from VictoriaMetrics, with its host routed', () => {
    const objects = batteryObjects('kiali', batteries);
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'ClusterRole/kiali',
      'ClusterRoleBinding/kiali',
      'ConfigMap/battery-istio/kiali',
      'Deployment/battery-istio/kiali',
      'HTTPRoute/battery-istio/kiali',
      'Secret/battery-istio/kiali-signing-key',
      'Service/battery-istio/kiali',
      'ServiceAccount/battery-istio/kiali',
    ]);
    const config = JSON.parse(findObject(objects, 'ConfigMap', 'kiali').data['config.yaml']);
    expect(config.external_services.prometheus.url).toBe('http://vmsingle.battery-core.svc:8428');
    expect(config.external_services.grafana.external_url).toBe('http://grafana.127-0-0-1.sslip.io');
    expect(config.auth).toEqual({ strategy: 'token' });
    expect(findObject(objects, 'HTTPRoute', 'kiali').spec.hostnames).toEqual(['kiali.127-0-0-1.sslip.io']);
    expect(findObject(objects, 'Deployment', 'kiali').spec.template.spec.containers[0].image).toBe(
      'quay.io/kiali/kiali:v2.19.0',
    );
  });

  it('may not edit Istio configuration when view-only', () => {
    const objects = batteryObjects('kiali', { ...batteries, kiali: { viewOnly: true } });
    const rules = findObject(objects, 'ClusterRole', 'kiali').rules as Array<{
      apiGroups: string[];
      verbs: string[];
    }>;
    expect(rules.find((r) => r.apiGroups.includes('networking.istio.io'))?.verbs).toEqual([
      'get',
      'list',
      'watch',
    ]);
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(kialiSchema)).toEqual([]);
  });
});
