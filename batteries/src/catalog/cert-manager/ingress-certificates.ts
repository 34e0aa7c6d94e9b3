import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ingressCertificateName } from '../../kit/ingress/gateway.js';
import type { PlatformIngress } from '../../model/host.js';

/** Which battery a host certificate is for (label on the Certificate). */
export const CERTIFICATE_FOR_LABEL = 'batteriesincl.com/certificate-for';

/**
 * One Certificate per battery with hosts, `<battery>-ingress-cert` in the gateway's namespace (where the Gateway's
 * HTTPS listeners read its Secret), for all of that battery's hostnames, from the ingress issuer: battery-ca on Kind,
 * Let's Encrypt elsewhere. Nothing when TLS is off or there is no gateway.
 */
export class IngressCertificates extends Construct {
  constructor(scope: Construct, id: string, ingress: PlatformIngress) {
    super(scope, id);
    if (!ingress.tls || !ingress.hasGateway) return;
    const byBattery = new Map<string, string[]>();
    for (const host of ingress.hosts)
      byBattery.set(host.battery, [...(byBattery.get(host.battery) ?? []), host.hostname]);
    for (const [battery, dnsNames] of [...byBattery].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const name = ingressCertificateName(battery);
      new ApiObject(this, battery, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name, namespace: ingress.gatewayNamespace, labels: { [CERTIFICATE_FOR_LABEL]: battery } },
        spec: {
          secretName: name,
          dnsNames: [...dnsNames].sort(),
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          issuerRef: { group: 'cert-manager.io', ...ingress.tls.issuer },
        },
      });
    }
  }
}
