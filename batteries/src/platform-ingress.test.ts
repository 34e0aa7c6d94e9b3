import {
  findObject,
  ingressReferenceProblems,
  objectNames,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from './generate.js';
import type { KubeObject } from './model/kube-object.js';

const gateway = { 'gateway-api': {}, istio: {}, 'istio-gateway': {} };
const uis = { grafana: {}, 'victoria-metrics': {}, notebooks: {}, keycloak: {}, 'cloudnative-pg': {} };

function render(batteries: Record<string, unknown>, address?: string) {
  const snapshot = testSnapshot(batteries);
  if (address) snapshot.ingress = { address };
  return generate(snapshot);
}
const routes = (objects: readonly KubeObject[]) =>
  objects
    .filter((o) => o.kind === 'HTTPRoute' && o.metadata.name !== 'https-redirect')
    .map((o) => {
      const spec = o.spec as { hostnames: string[]; parentRefs: Array<{ sectionName: string }> };
      return `${o.metadata.namespace}/${o.metadata.name} ${spec.hostnames.join(',')} → ${spec.parentRefs[0]!.sectionName}`;
    });

describe('battery hostnames and routes', () => {
  it('names every UI <name>.127-0-0-1.sslip.io and routes it over HTTP until the gateway has an address', () => {
    const { objects } = render({ core: {}, ...gateway, ...uis });
    expect(routes(objects)).toEqual([
      'batteries-included-system/control control.127-0-0-1.sslip.io → http',
      'battery-ai/notebooks notebooks.127-0-0-1.sslip.io → http',
      'battery-core/grafana grafana.127-0-0-1.sslip.io → http',
      'battery-core/keycloak keycloak.127-0-0-1.sslip.io → http',
      'battery-core/keycloak-admin keycloak-admin.127-0-0-1.sslip.io → http',
      'battery-core/vmselect vmselect.127-0-0-1.sslip.io → http',
    ]);
    expect(findObject(objects, 'ConfigMap', 'access-info').data).toEqual({
      hostname: 'control.127-0-0-1.sslip.io',
      ssl: 'false',
      address: '',
    });
    expect(ingressReferenceProblems(objects)).toEqual([]);
    expect(objects.some((o) => o.kind === 'Certificate')).toBe(false);
  });

  it("uses the gateway's address and the core battery's baseDomain once Prepare has read them", () => {
    const { objects } = render({ core: { baseDomain: 'nip.io' }, ...gateway, grafana: {} }, '172.18.0.240');
    expect(routes(objects)).toContain('battery-core/grafana grafana.172-18-0-240.nip.io → http');
    expect(findObject(objects, 'ConfigMap', 'access-info').data).toMatchObject({
      hostname: 'control.172-18-0-240.nip.io',
      address: '172.18.0.240',
    });
  });

  it('generates no routes without the gateway, but still knows the hostnames', () => {
    const { objects } = render({ core: {}, grafana: {} });
    expect(objects.some((o) => o.kind === 'HTTPRoute' || o.kind === 'Gateway')).toBe(false);
    expect(findObject(objects, 'ConfigMap', 'access-info').data.hostname).toBe('control.127-0-0-1.sslip.io');
  });

  it('serves every host over HTTPS with a battery-ca certificate on Kind, and redirects HTTP', () => {
    const { objects } = render(
      { core: {}, ...gateway, ...uis, 'cert-manager': {}, 'battery-ca': {} },
      '172.18.0.240',
    );
    expect(routes(objects)).toContain('battery-core/grafana grafana.172-18-0-240.sslip.io → https-grafana');
    const certificates = objects.filter(
      (o) => o.kind === 'Certificate' && o.metadata.name.endsWith('-ingress-cert'),
    );
    expect(certificates.map((c) => [c.metadata.name, (c.spec as { dnsNames: string[] }).dnsNames])).toEqual([
      ['core-ingress-cert', ['control.172-18-0-240.sslip.io']],
      ['grafana-ingress-cert', ['grafana.172-18-0-240.sslip.io']],
      ['keycloak-ingress-cert', ['keycloak-admin.172-18-0-240.sslip.io', 'keycloak.172-18-0-240.sslip.io']],
      ['notebooks-ingress-cert', ['notebooks.172-18-0-240.sslip.io']],
      ['victoria-metrics-ingress-cert', ['vmselect.172-18-0-240.sslip.io']],
    ]);
    expect((certificates[0]!.spec as { issuerRef: unknown }).issuerRef).toEqual({
      group: 'cert-manager.io',
      kind: 'ClusterIssuer',
      name: 'battery-ca',
    });
    const listeners = (
      findObject(objects, 'Gateway', 'istio-ingressgateway').spec.listeners as Array<{ name: string }>
    ).map((l) => l.name);
    expect(listeners).toEqual([
      'http',
      'ssh',
      'https-control',
      'https-grafana',
      'https-keycloak',
      'https-keycloak-admin',
      'https-notebooks',
      'https-vmselect',
    ]);
    const redirect = findObject(objects, 'HTTPRoute', 'https-redirect').spec;
    expect(redirect.rules).toEqual([
      { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
    ]);
    expect(findObject(objects, 'ConfigMap', 'access-info').data.ssl).toBe('true');
    expect(ingressReferenceProblems(objects)).toEqual([]);
  });

  it("uses Let's Encrypt off Kind, and no TLS on Kind without battery-ca", () => {
    const aws = render({ core: { clusterType: 'aws' }, ...gateway, grafana: {}, 'cert-manager': {} });
    expect(findObject(aws.objects, 'Certificate', 'grafana-ingress-cert').spec.issuerRef.name).toBe(
      'lets-encrypt',
    );
    expect(ingressReferenceProblems(aws.objects)).toEqual([]);
    const kind = render({ core: {}, ...gateway, grafana: {}, 'cert-manager': {} });
    expect(kind.objects.some((o) => o.kind === 'Certificate')).toBe(false);
    expect(routes(kind.objects)).toContain('battery-core/grafana grafana.127-0-0-1.sslip.io → http');
  });

  it('uses hostname overrides from the core battery', () => {
    const { objects } = render({
      core: { hostnames: { grafana: 'dashboards.example.com' } },
      ...gateway,
      grafana: {},
    });
    expect(routes(objects)).toContain('battery-core/grafana dashboards.example.com → http');
  });

  it("refuses an override that takes another battery's hostname, naming the field, and keeps the other host", () => {
    const { batteries, objects } = render({
      core: { hostnames: { grafana: 'keycloak.127-0-0-1.sslip.io' } },
      ...gateway,
      grafana: {},
      keycloak: {},
      'cloudnative-pg': {},
    });
    expect(batteries.find((b) => b.type === 'grafana')).toEqual({
      type: 'grafana',
      status: 'failed',
      reason: 'InvalidSpec',
      message:
        'grafana: invalid spec: core spec.hostnames.grafana: "keycloak.127-0-0-1.sslip.io" is already the hostname of keycloak (keycloak); choose another hostname',
    });
    expect(routes(objects)).toContain('battery-core/keycloak keycloak.127-0-0-1.sslip.io → http');
    expect(objectNames(objects)).not.toContain('HTTPRoute/battery-core/grafana');
  });

  it('refuses a baseDomain that is not a DNS name, naming the field', () => {
    const { batteries } = render({ core: { baseDomain: 'https://example.com' } });
    expect(batteries.find((b) => b.type === 'core')).toMatchObject({
      status: 'failed',
      reason: 'InvalidSpec',
    });
    expect(batteries[0]!.status === 'failed' && batteries[0]!.message).toContain(
      'spec.baseDomain: must be a DNS name such as example.com',
    );
  });
});
