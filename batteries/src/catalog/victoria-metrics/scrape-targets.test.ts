import { syntheticBundle, testSnapshot } from '@batteries-included/batteries/testing';
import { neededBundles } from '../../bundles.js';
import { CATALOG } from '../index.js';
import { generate } from '../../generate.js';
import type { KubeObject } from '../../model/kube-object.js';
import type { SnapshotBundle } from '../../model/bundle.js';
import { formatScrapeTargets, scrapeTargets } from './scrape-targets.js';

/**
 * Stand-ins for the upstream releases (not available offline, never copied here): the synthetic bundle plus a
 * workload for each Deployment/DaemonSet the real release manifest names, with upstream's own names. The
 * scrape annotations must come from the batteries, not from these.
 */
const UPSTREAM_WORKLOADS: Record<
  string,
  Array<[kind: string, name: string, labels: Record<string, string>]>
> = {
  'cert-manager': [
    ['Deployment', 'cert-manager', { 'app.kubernetes.io/name': 'cert-manager' }],
    ['Deployment', 'cert-manager-cainjector', { 'app.kubernetes.io/name': 'cainjector' }],
    ['Deployment', 'cert-manager-webhook', { 'app.kubernetes.io/name': 'webhook' }],
  ],
  'cloudnative-pg': [
    ['Deployment', 'cnpg-controller-manager', { 'app.kubernetes.io/name': 'cloudnative-pg' }],
  ],
  metallb: [
    ['Deployment', 'controller', { app: 'metallb', component: 'controller' }],
    ['DaemonSet', 'speaker', { app: 'metallb', component: 'speaker' }],
  ],
  'knative-serving': ['activator', 'autoscaler', 'controller', 'webhook'].map((name) => [
    'Deployment',
    name,
    { app: name, 'app.kubernetes.io/component': name, 'app.kubernetes.io/name': 'knative-serving' },
  ]),
};

function standInBundles(batteries: Record<string, unknown>): Record<string, SnapshotBundle> {
  return Object.fromEntries(
    neededBundles(batteries).map(({ key, bundle }) => {
      const namespace = bundle.upstreamNamespace;
      const workloads: KubeObject[] = (UPSTREAM_WORKLOADS[bundle.name] ?? []).map(([kind, name, labels]) => ({
        apiVersion: 'apps/v1',
        kind,
        metadata: { name, namespace },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name, image: 'upstream' }] } },
        },
      }));
      return [key, { digest: `stand-in-${key}`, objects: [...syntheticBundle(bundle), ...workloads] }];
    }),
  );
}

function table(batteries: Record<string, unknown>): string {
  const result = generate(testSnapshot(batteries, [], standInBundles(batteries)));
  const failed = result.batteries.filter((b) => b.status !== 'generated');
  expect(failed).toEqual([]);
  return formatScrapeTargets(
    scrapeTargets(result.batteries.flatMap((b) => (b.status === 'generated' ? b.objects : []))),
  );
}

describe('scrape targets', () => {
  it('of the platform example: every monitoring battery, Redis and the kubelets', () => {
    const platform = {
      core: {},
      'victoria-metrics': {},
      'kube-monitoring': {},
      loki: {},
      grafana: {},
      redis: {},
    };
    expect(table(platform)).toBe(
      `
BATTERY           JOB                 PORT                          LABELS
grafana           grafana             3000/metrics                  namespace=battery-core service=grafana battery=grafana
kube-monitoring   kube-state-metrics  8080/metrics                  namespace=battery-core service=kube-state-metrics battery=kube-monitoring
kube-monitoring   node-exporter       9100/metrics                  namespace=battery-core service=node-exporter battery=kube-monitoring
loki              loki                3100/metrics                  namespace=battery-core service=loki battery=loki
redis             redis-metrics       9121/metrics                  namespace=battery-data service=redis-metrics battery=redis
victoria-metrics  cadvisor            https:10250/metrics/cadvisor  node=*
victoria-metrics  kubelet             https:10250/metrics           node=*
victoria-metrics  vmsingle            8428/metrics                  namespace=battery-core service=vmsingle battery=victoria-metrics`.trimStart(),
    );
  });

  it('of everything installed', () => {
    expect(table(Object.fromEntries(CATALOG.map((b) => [b.type, {}])))).toBe(
      `
BATTERY           JOB                   PORT                            LABELS
cert-manager      cainjector            9402/metrics                    namespace=battery-base pod=cert-manager-cainjector-*
cert-manager      cert-manager          9402/metrics                    namespace=battery-base pod=cert-manager-*
cert-manager      webhook               9402/metrics                    namespace=battery-base pod=cert-manager-webhook-*
cloudnative-pg    cloudnative-pg        8080/metrics                    namespace=battery-base pod=cnpg-controller-manager-*
cloudnative-pg    pg-keycloak-metrics   9187/metrics                    namespace=battery-core service=pg-keycloak-metrics battery=cloudnative-pg
fluent-bit        fluent-bit            2020/api/v2/metrics/prometheus  namespace=battery-core service=fluent-bit battery=fluent-bit
grafana           grafana               3000/metrics                    namespace=battery-core service=grafana battery=grafana
istio             istiod                15014/metrics                   namespace=battery-istio service=istiod battery=istio
istio-gateway     istio-ingressgateway  15090/stats/prometheus          namespace=battery-istio pod=istio-ingressgateway-*
keycloak          keycloak              9000/metrics                    namespace=battery-core service=keycloak battery=keycloak
knative           knative-serving       9090/metrics                    namespace=battery-knative pod=activator-*
knative           knative-serving       9090/metrics                    namespace=battery-knative pod=autoscaler-*
knative           knative-serving       9090/metrics                    namespace=battery-knative pod=controller-*
knative           knative-serving       9090/metrics                    namespace=battery-knative pod=webhook-*
kube-monitoring   kube-state-metrics    8080/metrics                    namespace=battery-core service=kube-state-metrics battery=kube-monitoring
kube-monitoring   node-exporter         9100/metrics                    namespace=battery-core service=node-exporter battery=kube-monitoring
loki              loki                  3100/metrics                    namespace=battery-core service=loki battery=loki
metallb           metallb               7472/metrics                    namespace=battery-base pod=controller-*
metallb           metallb               7472/metrics                    namespace=battery-base pod=speaker-*
redis             redis-metrics         9121/metrics                    namespace=battery-data service=redis-metrics battery=redis
victoria-metrics  cadvisor              https:10250/metrics/cadvisor    node=*
victoria-metrics  kubelet               https:10250/metrics             node=*
victoria-metrics  vmsingle              8428/metrics                    namespace=battery-core service=vmsingle battery=victoria-metrics`.trimStart(),
    );
  });
});
