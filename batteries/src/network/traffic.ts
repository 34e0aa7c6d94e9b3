import type { BatteryDefinition } from '../model/battery.js';
import type { KubeObject } from '../model/kube-object.js';
import { SCRAPE_ANNOTATIONS } from '../catalog/victoria-metrics/scrape-annotations.js';

/** A battery's pods, as a NetworkPolicy peer: their namespace and the labels their workload selects them by. */
export interface WorkloadPeer {
  readonly battery: string;
  readonly namespace: string;
  /** `Kind/name` of the workload. */
  readonly workload: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** A port of a Service: its name, the port clients use, and the pod port a policy must open. */
export interface ServicePortRef {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
}

/** Why a peer may reach a Service: the battery graph, the ingress gateway's routes, or metrics scrapes. */
export type TrafficReason = 'integration' | 'gateway' | 'monitoring';

/** One allowed flow: who may reach which Service of which battery on which ports, and why. */
export interface AllowedFlow {
  readonly from: WorkloadPeer;
  readonly to: { readonly battery: string; readonly namespace: string; readonly service: string };
  readonly ports: readonly ServicePortRef[];
  readonly reason: TrafficReason;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** The pods each battery runs (every Deployment, StatefulSet and DaemonSet it generates, upstream ones included). */
export function workloadPeers(battery: string, objects: readonly KubeObject[]): WorkloadPeer[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.namespace)
    .flatMap((o) => {
      const matchLabels = (o.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
        ?.selector?.matchLabels;
      if (!matchLabels || Object.keys(matchLabels).length === 0) return [];
      return [
        { battery, namespace: o.metadata.namespace!, workload: `${o.kind}/${o.metadata.name}`, matchLabels },
      ];
    });
}

/**
 * Which batteries may reach each other: those joined by a dependency or an integration, either way (a client calls
 * the battery it integrates with; an operator calls what it manages), both installed. A battery always reaches itself.
 */
export function integratedWith(
  type: string,
  installed: ReadonlySet<string>,
  find: (type: string) => BatteryDefinition | undefined,
): string[] {
  const self = find(type);
  const linked = new Set<string>([type]);
  for (const other of installed) {
    const battery = find(other);
    const edges = [...(self?.dependencies ?? []), ...(self?.integrations ?? [])];
    const back = [...(battery?.dependencies ?? []), ...(battery?.integrations ?? [])];
    if (edges.includes(other) || back.includes(type)) linked.add(other);
  }
  return [...linked].sort();
}

/** The port a Service's scrape annotations name, if the Service asks to be scraped. */
export function scrapePort(service: KubeObject): number | undefined {
  const annotations = service.metadata.annotations ?? {};
  if (annotations[SCRAPE_ANNOTATIONS.scrape] !== 'true') return undefined;
  const port = Number(annotations[SCRAPE_ANNOTATIONS.port]);
  return Number.isInteger(port) ? port : undefined;
}
