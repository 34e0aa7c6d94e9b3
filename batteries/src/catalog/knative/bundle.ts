import type { UpstreamBundle } from '../../model/bundle.js';

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
