import {
  batteryObjects,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  findObject,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { knativeSchema } from './battery.js';

const golden = goldenFiles(import.meta.url);

describe('knative battery', () => {
  it('moves Knative Serving into its own knative namespace', () => {
    const objects = batteryObjects('knative', {
      core: { namespaces: { knative: 'serverless' } },
      knative: {},
    });
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'ClusterRoleBinding/knative-net-gateway-api-controller',
      'ClusterRoleBinding/knative-serving-controller',
      'ConfigMap/serverless/config-domain',
      'CustomResourceDefinition/widgets.knative-net-gateway-api.example.com',
      'CustomResourceDefinition/widgets.knative-serving.example.com',
      'Deployment/serverless/knative-net-gateway-api-controller',
      'Deployment/serverless/knative-serving-controller',
      'Namespace/serverless',
      'ServiceAccount/serverless/knative-net-gateway-api-controller',
      'ServiceAccount/serverless/knative-serving-controller',
    ]);
  });

  it("publishes services under the original's webapp.<address>.<baseDomain> by default", () => {
    const snapshot = testSnapshot({ core: { baseDomain: 'nip.io' }, knative: {} });
    snapshot.ingress = { address: '172.18.0.240' };
    const config = findObject(generate(snapshot).objects, 'ConfigMap', 'config-domain');
    expect(config.data).toEqual({ 'webapp.172-18-0-240.nip.io': '' });
  });

  it("routes Knative Services through the platform's Gateway with net-gateway-api when istio-gateway is installed", () => {
    const objects = batteryObjects('knative', {
      core: {},
      'gateway-api': {},
      istio: {},
      'istio-gateway': {},
      knative: {},
    });
    const data = (name: string) =>
      objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)?.data as Record<string, string>;
    expect(data('config-network')).toEqual({ 'ingress-class': 'gateway-api.ingress.networking.knative.dev' });
    expect(data('config-gateway')['external-gateways']).toBe(
      '- class: istio\n  gateway: battery-istio/istio-ingressgateway\n  service: battery-istio/istio-ingressgateway\n',
    );
    expect(data('config-domain')).toEqual({ 'webapp.127-0-0-1.sslip.io': '' });
  });

  it('publishes services under the given domain with its own config-domain ConfigMap', () => {
    const objects = batteryObjects('knative', { core: {}, knative: { domain: 'apps.example.com' } });
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'config-domain');
    expect(config).toMatchObject({
      metadata: { namespace: 'battery-knative' },
      data: { 'apps.example.com': '' },
    });
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(knativeSchema)).toEqual([]);
  });
});
