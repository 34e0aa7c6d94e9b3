import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  HTTP_LISTENER,
  INGRESS_GATEWAY,
  SSH_LISTENER,
  httpsListenerName,
  ingressCertificateName,
} from '../../kit/ingress/gateway.js';
import type { PlatformIngress } from '../../model/host.js';
import { GATEWAY_PORTS } from './ports.js';

const FROM_ALL = { namespaces: { from: 'All' } };

/**
 * The Gateway `istio-ingressgateway` (class `istio`) bound to our own Service by address, so istiod configures the
 * proxy we deploy instead of provisioning one: listeners `http` (80), `ssh` (TCP 2202) and, when TLS is on, one
 * `https-<host>` per host (443, that hostname, its battery's certificate). With TLS, the HTTPRoute `https-redirect`
 * sends every host's plain HTTP to HTTPS (cert-manager's ACME challenge routes are more specific and still win).
 */
export class IngressGateway extends Construct {
  constructor(scope: Construct, id: string, ingress: PlatformIngress) {
    super(scope, id);
    const namespace = ingress.gatewayNamespace;
    const https = ingress.tls
      ? ingress.hosts.map((host) => ({
          name: httpsListenerName(host),
          protocol: 'HTTPS',
          port: GATEWAY_PORTS.https.port,
          hostname: host.hostname,
          tls: {
            mode: 'Terminate',
            certificateRefs: [{ group: '', kind: 'Secret', name: ingressCertificateName(host.battery) }],
          },
          allowedRoutes: FROM_ALL,
        }))
      : [];
    new ApiObject(this, 'gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: INGRESS_GATEWAY, namespace },
      spec: {
        gatewayClassName: 'istio',
        addresses: [{ type: 'Hostname', value: `${INGRESS_GATEWAY}.${namespace}.svc.cluster.local` }],
        listeners: [
          { name: HTTP_LISTENER, protocol: 'HTTP', port: GATEWAY_PORTS.http.port, allowedRoutes: FROM_ALL },
          {
            name: SSH_LISTENER,
            protocol: 'TCP',
            port: GATEWAY_PORTS.ssh.port,
            allowedRoutes: { ...FROM_ALL, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }] },
          },
          ...https,
        ],
      },
    });
    if (!ingress.tls || ingress.hosts.length === 0) return;
    new ApiObject(this, 'https-redirect', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'https-redirect', namespace },
      spec: {
        parentRefs: [
          {
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            name: INGRESS_GATEWAY,
            namespace,
            sectionName: HTTP_LISTENER,
          },
        ],
        hostnames: ingress.hosts.map((host) => host.hostname),
        rules: [
          { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
        ],
      },
    });
  }
}
