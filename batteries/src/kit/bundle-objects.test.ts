import type { KubeObject } from '../model/kube-object.js';
import { Chart, Testing } from 'cdk8s';
import { includeBundle, rehomeObjects } from './bundle-objects.js';

const moved = { 'cert-manager': 'battery-base' };
// Tests read deep paths of the moved objects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = KubeObject & Record<string, any>;

describe('rehomeObjects', () => {
  it('moves namespaced objects, Namespace names and RBAC subjects, and leaves other namespaces alone', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cert-manager' } },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'cert-manager', namespace: 'cert-manager' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'cert-manager:leaderelection', namespace: 'kube-system' },
        subjects: [
          { kind: 'ServiceAccount', name: 'cert-manager', namespace: 'cert-manager' },
          { kind: 'ServiceAccount', name: 'other', namespace: 'elsewhere' },
        ],
      },
    ];
    const [ns, sa, binding] = rehomeObjects(objects, moved);
    expect(ns!.metadata.name).toBe('battery-base');
    expect(sa!.metadata.namespace).toBe('battery-base');
    expect(binding!.metadata.namespace).toBe('kube-system');
    expect(binding!.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'cert-manager', namespace: 'battery-base' },
      { kind: 'ServiceAccount', name: 'other', namespace: 'elsewhere' },
    ]);
    // Copies: the bundle's objects, shared by every pass, are never changed.
    expect(objects[1]!.metadata.namespace).toBe('cert-manager');
  });

  it('follows the service references of webhooks, CRD conversion and APIServices, and cert-manager CA injection', () => {
    const objects: KubeObject[] = [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: {
          name: 'cert-manager-webhook',
          annotations: { 'cert-manager.io/inject-ca-from-secret': 'cert-manager/cert-manager-webhook-ca' },
        },
        webhooks: [
          {
            name: 'webhook.cert-manager.io',
            clientConfig: {
              service: { name: 'cert-manager-webhook', namespace: 'cert-manager', path: '/validate' },
            },
          },
        ],
      },
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {
          name: 'x.example.com',
          annotations: { 'cert-manager.io/inject-ca-from': 'cert-manager/serving-cert' },
        },
        spec: {
          conversion: {
            strategy: 'Webhook',
            webhook: { clientConfig: { service: { name: 'svc', namespace: 'cert-manager' } } },
          },
        },
      },
      {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.metrics.k8s.io' },
        spec: { service: { name: 'metrics', namespace: 'cert-manager' } },
      },
    ];
    const [webhook, crd, apiService] = rehomeObjects(objects, moved) as Loose[];
    expect(webhook!.webhooks[0].clientConfig.service).toEqual({
      name: 'cert-manager-webhook',
      namespace: 'battery-base',
      path: '/validate',
    });
    expect(webhook!.metadata.annotations!['cert-manager.io/inject-ca-from-secret']).toBe(
      'battery-base/cert-manager-webhook-ca',
    );
    expect(crd!.spec.conversion.webhook.clientConfig.service.namespace).toBe('battery-base');
    expect(crd!.metadata.annotations!['cert-manager.io/inject-ca-from']).toBe('battery-base/serving-cert');
    expect(apiService!.spec.service.namespace).toBe('battery-base');
  });

  it('rewrites host names and flag values in container arguments and environment, not look-alikes', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cert-manager-webhook', namespace: 'cert-manager' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'webhook',
                args: [
                  '--dynamic-serving-dns-names=cert-manager-webhook,cert-manager-webhook.cert-manager,cert-manager-webhook.cert-manager.svc',
                  '--dynamic-serving-ca-secret-namespace=cert-manager',
                  '--leader-election-namespace=kube-system',
                  '--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.19.2',
                ],
                env: [{ name: 'WEBHOOK_HOST', value: 'cert-manager-webhook.cert-manager.svc:443' }],
              },
            ],
          },
        },
      },
    };
    const [out] = rehomeObjects([deployment], moved) as Loose[];
    const container = out!.spec.template.spec.containers[0];
    expect(container.args).toEqual([
      '--dynamic-serving-dns-names=cert-manager-webhook,cert-manager-webhook.battery-base,cert-manager-webhook.battery-base.svc',
      '--dynamic-serving-ca-secret-namespace=battery-base',
      '--leader-election-namespace=kube-system',
      '--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.19.2',
    ]);
    expect(container.env).toEqual([
      { name: 'WEBHOOK_HOST', value: 'cert-manager-webhook.battery-base.svc:443' },
    ]);
  });
});

describe('includeBundle', () => {
  it('adds pod annotations to the named workloads only, over upstream values of the same name', () => {
    const workload = (kind: string, name: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name, namespace: 'cert-manager' },
      spec: { template: { metadata: { annotations: { 'prometheus.io/port': '1', kept: 'yes' } }, spec: {} } },
    });
    const bundle = [
      workload('Deployment', 'cert-manager'),
      workload('DaemonSet', 'other'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cert-manager', namespace: 'cert-manager' } },
    ];
    const chart = new Chart(Testing.app(), 'test');
    const included = includeBundle(chart, bundle, {
      namespaces: moved,
      podAnnotations: { 'cert-manager': { 'prometheus.io/port': '9402', 'prometheus.io/scrape': 'true' } },
    }) as Loose[];
    const annotations = (kind: string) =>
      included.find((o) => o.kind === kind)!.spec?.template?.metadata?.annotations as unknown;
    expect(annotations('Deployment')).toEqual({
      'prometheus.io/port': '9402',
      'prometheus.io/scrape': 'true',
      kept: 'yes',
    });
    expect(annotations('DaemonSet')).toEqual({ 'prometheus.io/port': '1', kept: 'yes' });
    expect(included.find((o) => o.kind === 'Service')!.metadata.annotations).toBeUndefined();
    // The upstream objects are untouched: they are the memo's key for every later pass.
    expect(bundle[0]!.spec).toEqual(workload('Deployment', 'cert-manager').spec);
  });
});
