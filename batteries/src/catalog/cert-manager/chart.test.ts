import {
  batteryObjects,
  findObject,
  objectNames,
  crdSchemaProblems,
  expectGolden,
  goldenFiles,
  testSnapshot,
} from '@batteries-included/batteries/testing';
import { generate } from '../../generate.js';
import { batteryCaSchema } from '../battery-ca/battery.js';
import { certManagerSchema } from './schema.js';

const golden = goldenFiles(import.meta.url);

describe('cert-manager battery', () => {
  it('moves the upstream release into the base namespace and adds the ACME ClusterIssuers', () => {
    const objects = batteryObjects('cert-manager', {
      core: {},
      'cert-manager': { email: 'ops@example.com' },
    });
    expectGolden(objects, golden('default'));
    expect(objectNames(objects)).toEqual([
      'ClusterIssuer/lets-encrypt',
      'ClusterIssuer/lets-encrypt-stage',
      'ClusterRoleBinding/cert-manager-controller',
      'CustomResourceDefinition/widgets.cert-manager.example.com',
      'Deployment/battery-base/cert-manager-controller',
      'ServiceAccount/battery-base/cert-manager-controller',
    ]);
    // The upstream Namespace is the core battery's base namespace now; references follow the move.
    const binding = findObject(objects, 'ClusterRoleBinding', 'cert-manager-controller');
    expect(binding.subjects[0].namespace).toBe('battery-base');
    const args = findObject(objects, 'Deployment', 'cert-manager-controller').spec.template.spec.containers[0]
      .args;
    expect(args).toEqual([
      '--namespace=battery-base',
      '--webhook-host=cert-manager-controller.battery-base.svc',
    ]);
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'batteries-included',
        'batteriesincl.com/battery': 'cert-manager',
      });
      expect(object.metadata.annotations?.['batteriesincl.com/hash']).toMatch(/^[0-9a-f]{64}$/);
    }
    const issuer = findObject(objects, 'ClusterIssuer', 'lets-encrypt');
    expect(issuer.spec.acme).toMatchObject({
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'ops@example.com',
      privateKeySecretRef: { name: 'lets-encrypt-account-key' },
    });
  });

  it('leaves the ACME issuers out when asked', () => {
    const objects = batteryObjects('cert-manager', { core: {}, 'cert-manager': { acmeIssuers: false } });
    expect(objects.some((o) => o.kind === 'ClusterIssuer')).toBe(false);
  });

  it('fails only itself, naming the URL and reason, when its bundle could not be obtained', () => {
    const snapshot = testSnapshot({ core: {}, 'cert-manager': {}, 'gateway-api': {} });
    snapshot.bundles!['cert-manager@v1.19.2'] = {
      error: 'connect ECONNREFUSED 127.0.0.1:9',
      url: 'https://github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml',
    };
    const { batteries } = generate(snapshot);
    expect(batteries.find((b) => b.type === 'cert-manager')).toEqual({
      type: 'cert-manager',
      status: 'failed',
      reason: 'BundleUnavailable',
      message:
        'cert-manager: bundle cert-manager@v1.19.2 is unavailable from https://github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml: connect ECONNREFUSED 127.0.0.1:9',
    });
    expect(batteries.find((b) => b.type === 'gateway-api')?.status).toBe('generated');
    expect(batteries.find((b) => b.type === 'core')?.status).toBe('generated');
  });

  it('converts to a structural CRD schema', () => {
    expect(crdSchemaProblems(certManagerSchema)).toEqual([]);
    expect(crdSchemaProblems(batteryCaSchema)).toEqual([]);
  });
});

describe('battery-ca battery', () => {
  it('generates the self-signed Issuer, the CA Certificate and the ClusterIssuer in the base namespace', () => {
    const objects = batteryObjects('battery-ca', { core: {}, 'cert-manager': {}, 'battery-ca': {} });
    expectGolden(objects, golden('battery-ca'));
    expect(objectNames(objects)).toEqual([
      'Certificate/battery-base/battery-ca',
      'ClusterIssuer/battery-ca',
      'Issuer/battery-base/battery-ca-selfsigned',
    ]);
    const certificate = findObject(objects, 'Certificate', 'battery-ca');
    expect(certificate.spec).toMatchObject({
      isCA: true,
      secretName: 'battery-ca',
      issuerRef: { name: 'battery-ca-selfsigned', kind: 'Issuer', group: 'cert-manager.io' },
    });
    expect(findObject(objects, 'ClusterIssuer', 'battery-ca').spec).toEqual({
      ca: { secretName: 'battery-ca' },
    });
  });

  it('requires cert-manager', () => {
    const { batteries } = generate(testSnapshot({ core: {}, 'battery-ca': {} }));
    expect(batteries.find((b) => b.type === 'battery-ca')).toMatchObject({
      status: 'dependencies-unmet',
      missing: ['cert-manager'],
    });
  });
});
