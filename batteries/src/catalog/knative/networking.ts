import { k8s } from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { INGRESS_GATEWAY } from '../../kit/ingress/gateway.js';
import type { PlatformIngress } from '../../model/host.js';

/** Knative's ConfigMaps this battery writes instead of the upstream ones. */
export const CONFIG_NETWORK = 'config-network';
export const CONFIG_GATEWAY = 'config-gateway';
/** The ingress class that hands Knative's routes to net-gateway-api. */
const GATEWAY_API_INGRESS_CLASS = 'gateway-api.ingress.networking.knative.dev';

/**
 * Points Knative at the platform's ingress: `config-network` selects net-gateway-api, and `config-gateway` names the
 * Gateway `istio-ingressgateway` (class istio) and its Service for both external and cluster-local visibility, so a
 * Knative Service gets an HTTPRoute on the same Gateway every battery UI uses.
 */
export class KnativeNetworking extends Construct {
  constructor(scope: Construct, id: string, props: { namespace: string; ingress: PlatformIngress }) {
    super(scope, id);
    const { namespace, ingress } = props;
    const labels = { 'app.kubernetes.io/name': 'knative-serving' };
    const gateway = [
      `- class: istio`,
      `  gateway: ${ingress.gatewayNamespace}/${INGRESS_GATEWAY}`,
      `  service: ${ingress.gatewayNamespace}/${INGRESS_GATEWAY}`,
      '',
    ].join('\n');
    new k8s.KubeConfigMap(this, 'config-network', {
      metadata: { name: CONFIG_NETWORK, namespace, labels },
      data: { 'ingress-class': GATEWAY_API_INGRESS_CLASS },
    });
    new k8s.KubeConfigMap(this, 'config-gateway', {
      metadata: { name: CONFIG_GATEWAY, namespace, labels },
      data: { 'external-gateways': gateway, 'local-gateways': gateway },
    });
  }
}

/**
 * The domain Knative Services are published under when the spec names none: `webapp.<address>.<baseDomain>`, as the
 * original (`<service>.<namespace>.webapp.<ip-with-dashes>.<domain>`), so they resolve like battery hostnames.
 */
