import { BATTERY_LABEL } from '../model/labels.js';
import type { KubeObject } from '../model/kube-object.js';

interface Peer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface Rule {
  from?: Peer[];
  ports?: Array<{ port: number | string }>;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The generated NetworkPolicies as a table a human can review — `FROM → TO PORTS` — read back from the objects
 * themselves: each peer resolved to the battery whose workload it selects, each policy to its battery and Service.
 * A rule without peers is `any` (the mesh's HBONE port); an IP block is printed as it is (ztunnel's probes).
 */
export function policyTable(objects: readonly KubeObject[]): string {
  const workloads = objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind))
    .map((o) => ({
      namespace: o.metadata.namespace,
      labels: JSON.stringify(
        (o.spec as { selector?: { matchLabels?: unknown } }).selector?.matchLabels ?? {},
      ),
      battery: o.metadata.labels?.[BATTERY_LABEL] ?? '?',
    }));
  const batteryOf = (peer: Peer, policyNamespace?: string): string => {
    if (peer.ipBlock) return peer.ipBlock.cidr;
    // Without a namespace selector a peer is in the policy's namespace; without pod labels it is every pod there.
    const namespace = peer.namespaceSelector
      ? (peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? '*')
      : policyNamespace;
    const labels = JSON.stringify(peer.podSelector?.matchLabels ?? {});
    if (labels === '{}') return `${namespace}/*`;
    return (
      workloads.find((w) => w.namespace === namespace && w.labels === labels)?.battery ?? `${namespace}/?`
    );
  };
  const rows = new Set<string>();
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const to = `${policy.metadata.labels?.[BATTERY_LABEL] ?? '?'}`;
    const service = `${policy.metadata.namespace}/${policy.metadata.name.replace(/-ingress$/, '')}`;
    for (const rule of (policy.spec as { ingress?: Rule[] }).ingress ?? []) {
      const ports = (rule.ports ?? []).map((p) => String(p.port)).join(',') || 'all';
      const sources = rule.from
        ? [...new Set(rule.from.map((peer) => batteryOf(peer, policy.metadata.namespace)))]
        : ['any'];
      for (const from of sources) rows.add(JSON.stringify([from, '→', to, service, ports]));
    }
  }
  const lines = [...rows]
    .map((row) => JSON.parse(row) as string[])
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
  const header = ['FROM', '→', 'TO', 'SERVICE', 'PORTS'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}
