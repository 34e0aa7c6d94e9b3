import type { UpstreamBundle } from '../../model/bundle.js';

/**
 * Istio 1.28.1's CRDs as its `base` chart ships them (one generated file, no templating): AuthorizationPolicy,
 * PeerAuthentication, Telemetry, WasmPlugin and the networking kinds. The control plane itself is generated.
 */
export const ISTIO_BUNDLE: UpstreamBundle = {
  name: 'istio',
  version: '1.28.1',
  urls: ['https://raw.githubusercontent.com/istio/istio/1.28.1/manifests/charts/base/files/crd-all.gen.yaml'],
};
