import type { PlatformNamespaces } from '../../model/settings.js';

/** istio-csr's Deployment, Service and ServiceAccount name (upstream's). */
export const ISTIO_CSR = 'cert-manager-istio-csr';
/** The Secret istio-csr keeps istiod's serving certificate in (istio namespace), which istiod mounts. */
export const ISTIOD_TLS_SECRET = 'istiod-tls';
/** istio-csr's gRPC port, where istiod and ztunnel ask for workload certificates. */
export const ISTIO_CSR_PORT = 443;

/** Where the mesh asks for workload certificates when istio-csr is installed. */
export function istioCsrAddress(namespaces: PlatformNamespaces): string {
  return `${ISTIO_CSR}.${namespaces.base}.svc:${ISTIO_CSR_PORT}`;
}
