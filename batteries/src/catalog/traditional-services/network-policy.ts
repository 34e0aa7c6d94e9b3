import { k8s } from 'cdk8s-plus-33';

/** ztunnel's HBONE port: meshed traffic arrives on it, mutually authenticated (Istio ambient). */
const HBONE_PORT = 15008;
/** The address ztunnel rewrites kubelet health probes to in ambient mode (see Istio's NetworkPolicy notes). */
const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

/** Who may send traffic into the namespace besides its own pods. */
export interface IngressSources {
  /** Namespaces whose pods may connect (the platform's and the spec's). */
  readonly namespaces: readonly string[];
  /** Whether the namespace is in the Istio ambient mesh (HBONE and probe rewrites must pass). */
  readonly isMeshed: boolean;
}

/**
 * The ingress rules of the namespace's NetworkPolicy: its own pods, pods of the listed namespaces (matched
 * by the `kubernetes.io/metadata.name` label the API server sets on every namespace) and, in the ambient
 * mesh, HBONE from anywhere plus the rewritten kubelet probes.
 */
export function ingressRules(sources: IngressSources): k8s.NetworkPolicyIngressRule[] {
  const rules: k8s.NetworkPolicyIngressRule[] = [
    {
      from: [
        { podSelector: {} },
        ...[...new Set(sources.namespaces)].sort().map((name) => ({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
        })),
      ],
    },
  ];
  if (sources.isMeshed) {
    rules.push(
      { ports: [{ port: k8s.IntOrString.fromNumber(HBONE_PORT), protocol: 'TCP' }] },
      { from: [{ ipBlock: { cidr: AMBIENT_PROBE_SOURCE } }] },
    );
  }
  return rules;
}
