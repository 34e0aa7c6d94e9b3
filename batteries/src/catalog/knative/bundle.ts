import type { UpstreamBundle } from '../../model/bundle.js';
import type { ScrapeTarget } from '../victoria-metrics/scrape-annotations.js';

/** Knative Serving 1.20.0: its CRDs, then the serving core (controller, activator, autoscaler, webhook). */
export const KNATIVE_SERVING_BUNDLE: UpstreamBundle = {
  name: 'knative-serving',
  version: 'v1.20.0',
  urls: [
    'https://github.com/knative/serving/releases/download/knative-v1.20.0/serving-crds.yaml',
    'https://github.com/knative/serving/releases/download/knative-v1.20.0/serving-core.yaml',
  ],
  upstreamNamespace: 'knative-serving',
};

/**
 * Knative's Gateway API networking layer, net-gateway-api 1.20.1 (ADR "Knative networking"): its controller and
 * webhook program HTTPRoutes on the platform's ingress Gateway for every Knative Service.
 */
export const NET_GATEWAY_API_BUNDLE: UpstreamBundle = {
  name: 'knative-net-gateway-api',
  version: 'v1.20.1',
  urls: [
    'https://github.com/knative-extensions/net-gateway-api/releases/download/knative-v1.20.1/net-gateway-api.yaml',
  ],
  upstreamNamespace: 'knative-serving',
};

/** Where the serving core's Deployments serve Prometheus metrics (9090, Knative's OpenTelemetry exporter). */
export const KNATIVE_SERVING_METRICS: Readonly<Record<string, ScrapeTarget>> = {
  activator: { port: 9090 },
  autoscaler: { port: 9090 },
  controller: { port: 9090 },
  webhook: { port: 9090 },
};
