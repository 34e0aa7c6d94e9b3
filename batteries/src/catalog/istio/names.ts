import type { k8s } from 'cdk8s-plus-33';
import type { PlatformNamespaces } from '../../model/settings.js';

/** istiod's name: its Deployment, Service, ServiceAccount and the `istio` mesh ConfigMap's owner. */
export const ISTIOD = 'istiod';
/** The ConfigMap istiod reads its mesh configuration from. */
export const MESH_CONFIG = 'istio';
/** The ConfigMap istiod writes the mesh's root certificate to, in every namespace. */
export const ROOT_CERT_CONFIGMAP = 'istio-ca-root-cert';
/** ztunnel's HBONE port: meshed traffic between nodes travels on it, mutually authenticated. */
export const HBONE_PORT = 15008;
/** istiod's xDS and CA port (TLS). */
export const ISTIOD_XDS_PORT = 15012;
/** istiod's monitoring port. */
export const ISTIOD_MONITORING_PORT = 15014;

/** istiod's in-cluster address for xDS and, unless istio-csr replaces it, certificates. */
export function istiodAddress(namespaces: PlatformNamespaces): string {
  return `${ISTIOD}.${namespaces.istio}.svc:${ISTIOD_XDS_PORT}`;
}

/** The projected ServiceAccount token (audience `istio-ca`) mesh components present to the CA, mounted as `istio-token`. */
export function istioTokenVolume(): k8s.Volume {
  return {
    name: 'istio-token',
    projected: {
      sources: [
        { serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } },
      ],
    },
  };
}
