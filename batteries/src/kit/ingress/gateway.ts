import type { PlatformHost, PlatformIngress } from '../../model/host.js';
import type { KubeObject } from '../../model/kube-object.js';

/** The platform's ingress Gateway (and its Service and Deployment), in the istio namespace. */
export const INGRESS_GATEWAY = 'istio-ingressgateway';
/** The Gateway's plain-HTTP listener (port 80): routes when TLS is off, redirects and ACME challenges when on. */
export const HTTP_LISTENER = 'http';
/** The Gateway's TCP listener for SSH (port 2202). */
export const SSH_LISTENER = 'ssh';
/** Until the gateway has a load-balancer address, hostnames use loopback, as the original does. */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** The HTTPS listener serving one host (port 443, its hostname, its battery's certificate). */
export function httpsListenerName(host: Pick<PlatformHost, 'name'>): string {
  return `https-${host.name}`;
}

/** The Certificate (and Secret) holding a battery's hosts, in the istio namespace, where the Gateway reads it. */
export function ingressCertificateName(battery: string): string {
  return `${battery}-ingress-cert`;
}

/** The listener a host's route attaches to: its HTTPS listener when TLS is on, else the HTTP one. */
export function listenerFor(ingress: PlatformIngress, host: Pick<PlatformHost, 'name'>): string {
  return ingress.tls ? httpsListenerName(host) : HTTP_LISTENER;
}

/**
 * The default hostname of a host: `<name>.<address-with-dashes>.<baseDomain>`.
 * @example defaultHostname('grafana', '172.18.0.240', 'sslip.io') // 'grafana.172-18-0-240.sslip.io'
 */
export function defaultHostname(name: string, address: string, baseDomain: string): string {
  return `${name}.${address.replaceAll('.', '-').replaceAll(':', '-')}.${baseDomain}`;
}

/** `https://` (TLS on and a gateway to serve it) or `http://` and the hostname: where a host is reached from outside. */
export function hostUrl(
  ingress: Pick<PlatformIngress, 'tls' | 'hasGateway'>,
  host: Pick<PlatformHost, 'hostname'>,
): string {
  return `${ingress.tls && ingress.hasGateway ? 'https' : 'http'}://${host.hostname}`;
}

/**
 * The first IP in a Service's load-balancer status (`status.loadBalancer.ingress[].ip`), or undefined. Hostname-only
 * load balancers (AWS ELB) give no IP, so hostnames keep the loopback fallback there.
 */
export function loadBalancerIp(service: KubeObject | undefined): string | undefined {
  const ingress = (service?.status as { loadBalancer?: { ingress?: Array<{ ip?: string }> } } | undefined)
    ?.loadBalancer?.ingress;
  return ingress?.find((entry) => typeof entry.ip === 'string' && entry.ip.length > 0)?.ip;
}
