import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { includeBundle } from '../../kit/bundle-objects.js';
import { HTTP_LISTENER, INGRESS_GATEWAY } from '../../kit/ingress/gateway.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { podScrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { CERT_MANAGER_BUNDLE, CERT_MANAGER_METRICS } from './bundle.js';
import { IngressCertificates } from './ingress-certificates.js';
import type { CertManagerSpec } from './schema.js';

const ACME_SERVERS = {
  'lets-encrypt': 'https://acme-v02.api.letsencrypt.org/directory',
  'lets-encrypt-stage': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

/**
 * The upstream cert-manager release moved from `cert-manager` into the base namespace (the core battery owns
 * the Namespace), so its cluster resource namespace — where ClusterIssuers keep their Secrets — is ours. With
 * `acmeIssuers`, the ClusterIssuers `lets-encrypt` and `lets-encrypt-stage` solve HTTP-01 through the
 * `istio-ingressgateway` Gateway.
 */
export class CertManagerChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<CertManagerSpec>) {
    super(scope, 'cert-manager');
    const { namespaces } = props.settings;
    includeBundle(this, props.bundle(CERT_MANAGER_BUNDLE.name), {
      namespaces: { [CERT_MANAGER_BUNDLE.upstreamNamespace!]: namespaces.base },
      dropNamespaces: true,
      podAnnotations: podScrapeAnnotations(CERT_MANAGER_METRICS),
    });
    new IngressCertificates(this, 'ingress-certificates', props.ingress);
    if (!props.spec.acmeIssuers) return;
    for (const [name, server] of Object.entries(ACME_SERVERS)) {
      new ApiObject(this, name, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name },
        spec: {
          acme: {
            server,
            ...(props.spec.email ? { email: props.spec.email } : {}),
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [
              {
                http01: {
                  gatewayHTTPRoute: {
                    parentRefs: [
                      {
                        name: INGRESS_GATEWAY,
                        namespace: namespaces.istio,
                        kind: 'Gateway',
                        sectionName: HTTP_LISTENER,
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      });
    }
  }
}
