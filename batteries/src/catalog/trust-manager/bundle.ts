import type { UpstreamBundle } from '../../model/bundle.js';

/** trust-manager v0.20.2's `Bundle` CRD, as the release publishes it (the controller itself is generated). */
export const TRUST_MANAGER_BUNDLE: UpstreamBundle = {
  name: 'trust-manager',
  version: 'v0.20.2',
  urls: [
    'https://raw.githubusercontent.com/cert-manager/trust-manager/v0.20.2/deploy/crds/trust.cert-manager.io_bundles.yaml',
  ],
};
