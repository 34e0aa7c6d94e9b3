import type { UpstreamBundle } from '../../model/bundle.js';
import type { ScrapeTarget } from '../victoria-metrics/scrape-annotations.js';

/** MetalLB v0.15.3's native (no FRR) manifest: CRDs, controller, speaker, RBAC and webhooks. */
export const METALLB_BUNDLE: UpstreamBundle = {
  name: 'metallb',
  version: 'v0.15.3',
  urls: ['https://raw.githubusercontent.com/metallb/metallb/v0.15.3/config/manifests/metallb-native.yaml'],
  upstreamNamespace: 'metallb-system',
};

/** Where the release's controller (Deployment) and speaker (DaemonSet) serve Prometheus metrics. */
export const METALLB_METRICS: Readonly<Record<string, ScrapeTarget>> = {
  controller: { port: 7472 },
  speaker: { port: 7472 },
};
