import type { UpstreamBundle } from '../../model/bundle.js';

/** The Barman Cloud plugin v0.9.0's release manifest: the ObjectStore CRD, the plugin Deployment, RBAC, certificates. */
export const BARMAN_BUNDLE: UpstreamBundle = {
  name: 'plugin-barman-cloud',
  version: 'v0.9.0',
  urls: ['https://github.com/cloudnative-pg/plugin-barman-cloud/releases/download/v0.9.0/manifest.yaml'],
  upstreamNamespace: 'cnpg-system',
};

/** The plugin's name, as a CNPG `Cluster` lists it under `spec.plugins`. */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
