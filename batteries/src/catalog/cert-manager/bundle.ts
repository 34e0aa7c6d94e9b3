import type { UpstreamBundle } from '../../model/bundle.js';
import type { ScrapeTarget } from '../victoria-metrics/scrape-annotations.js';

/** cert-manager v1.19.2's single-file release: CRDs, controller, cainjector, webhook and their RBAC. */
export const CERT_MANAGER_BUNDLE: UpstreamBundle = {
  name: 'cert-manager',
  version: 'v1.19.2',
  urls: ['https://github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml'],
  upstreamNamespace: 'cert-manager',
};

/** Where the release's workloads serve Prometheus metrics, by Deployment name (all on 9402 since v1.15). */
export const CERT_MANAGER_METRICS: Readonly<Record<string, ScrapeTarget>> = {
  'cert-manager': { port: 9402 },
  'cert-manager-cainjector': { port: 9402 },
  'cert-manager-webhook': { port: 9402 },
};
