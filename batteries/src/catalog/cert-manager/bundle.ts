import type { UpstreamBundle } from '../../model/bundle.js';

/** cert-manager v1.19.2's single-file release: CRDs, controller, cainjector, webhook and their RBAC. */
export const CERT_MANAGER_BUNDLE: UpstreamBundle = {
  name: 'cert-manager',
  version: 'v1.19.2',
  urls: ['https://github.com/cert-manager/cert-manager/releases/download/v1.19.2/cert-manager.yaml'],
  upstreamNamespace: 'cert-manager',
};
