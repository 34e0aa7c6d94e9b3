import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The waypoint Gateway's name; namespaces opt in with the label `istio.io/use-waypoint: waypoint`. */
export const WAYPOINT = 'waypoint';
/** ztunnel's HBONE port, where a waypoint receives the namespace's traffic. */
const HBONE_PORT = 15008;

/**
 * A waypoint proxy (Gateway `waypoint`, class `istio-waypoint`, HBONE 15008) per namespace: the L7 hop where the
 * mesh applies request-level policy (Keycloak-backed authorization) to the namespace's traffic. istiod deploys it.
 */
export class Waypoints extends Construct {
  constructor(scope: Construct, id: string, namespaces: readonly string[]) {
    super(scope, id);
    for (const namespace of namespaces)
      new ApiObject(this, namespace, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: WAYPOINT, namespace, labels: { 'istio.io/waypoint-for': 'service' } },
        spec: {
          gatewayClassName: 'istio-waypoint',
          listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
        },
      });
  }
}

/**
 * The namespaces that get a waypoint, as in the original: core and AI (and knative, traditional when installed),
 * only when Keycloak is installed — request-level policy is what a waypoint is for.
 */
export function waypointNamespaces(
  namespaces: { core: string; ai: string; knative: string; traditional: string },
  isInstalled: (type: string) => boolean,
): string[] {
  if (!isInstalled('keycloak')) return [];
  return [
    namespaces.core,
    namespaces.ai,
    ...(isInstalled('knative') ? [namespaces.knative] : []),
    ...(isInstalled('traditional-services') ? [namespaces.traditional] : []),
  ];
}
