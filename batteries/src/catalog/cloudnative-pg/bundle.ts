import type { UpstreamBundle } from '../../model/bundle.js';
import type { ScrapeTarget } from '../victoria-metrics/scrape-annotations.js';

/** CloudNativePG 1.28.0's release manifest: its 10 CRDs, the operator Deployment, RBAC and webhooks. */
export const CNPG_BUNDLE: UpstreamBundle = {
  name: 'cloudnative-pg',
  version: 'v1.28.0',
  urls: ['https://github.com/cloudnative-pg/cloudnative-pg/releases/download/v1.28.0/cnpg-1.28.0.yaml'],
  upstreamNamespace: 'cnpg-system',
};

/** Where the release's operator serves Prometheus metrics, by Deployment name. */
export const CNPG_METRICS: Readonly<Record<string, ScrapeTarget>> = {
  'cnpg-controller-manager': { port: 8080 },
};

/** Where every PostgreSQL instance pod's exporter (the CNPG instance manager) serves metrics. */
