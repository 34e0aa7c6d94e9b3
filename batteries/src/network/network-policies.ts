import type { BatteryDefinition } from '../model/battery.js';
import type { PlatformHost } from '../model/host.js';
import { objectKey, type KubeObject } from '../model/kube-object.js';
import {
  integratedWith,
  scrapePort,
  workloadPeers,
  type AllowedFlow,
  type ServicePortRef,
  type WorkloadPeer,
} from './traffic.js';

/** ztunnel's HBONE port: in the ambient mesh, traffic between pods arrives on it, whatever the Service port. */
const HBONE_PORT = 15008;
/** The address ztunnel rewrites kubelet health probes to in ambient mode (Istio's NetworkPolicy notes). */
const AMBIENT_PROBE_SOURCE = '169.254.7.127/32';

export interface NetworkPolicyInput {
  /** Each generated battery's objects, by type: its own objects (policies cover these Services) and all. */
  readonly batteries: ReadonlyMap<string, { own: readonly KubeObject[]; all: readonly KubeObject[] }>;
  readonly installed: ReadonlySet<string>;
  readonly find: (type: string) => BatteryDefinition | undefined;
  /** Every installed battery's hosts (the gateway reaches these Services on these ports). */
  readonly hosts: readonly PlatformHost[];
  /** The namespaces in the ambient mesh (HBONE and rewritten probes must pass there). */
  readonly meshedNamespaces: ReadonlySet<string>;
}

/**
 * Every allowed flow to the batteries' own Services (ClusterIP Services with a selector; LoadBalancer and NodePort
 * Services are meant to be reached from anywhere): from the workloads of the batteries it integrates with, from the
 * ingress gateway on the ports its routes use, and from VictoriaMetrics on a Service's scrape port. Sorted.
 */
export function allowedFlows(input: NetworkPolicyInput): AllowedFlow[] {
  const peers = new Map([...input.batteries].map(([type, { all }]) => [type, workloadPeers(type, all)]));
  const flows: AllowedFlow[] = [];
  for (const [type, { own }] of input.batteries) {
    const clients = integratedWith(type, input.installed, input.find).flatMap(
      (other) => peers.get(other) ?? [],
    );
    for (const service of isolatedServices(own)) {
      const ports = servicePorts(service);
      const to = { battery: type, namespace: service.metadata.namespace!, service: service.metadata.name };
      for (const from of clients) flows.push({ from, to, ports, reason: 'integration' });
      const routed = input.hosts.filter(
        (h) => h.service.namespace === to.namespace && h.service.name === to.service,
      );
      const routedPorts = ports.filter((p) => routed.some((h) => h.service.port === p.port));
      if (routedPorts.length > 0 && type !== 'istio-gateway')
        for (const from of peers.get('istio-gateway') ?? [])
          flows.push({ from, to, ports: routedPorts, reason: 'gateway' });
      const scraped = scrapePort(service);
      const scrapedPorts = ports.filter((p) => p.port === scraped);
      if (scrapedPorts.length > 0 && type !== 'victoria-metrics')
        for (const from of peers.get('victoria-metrics') ?? [])
          flows.push({ from, to, ports: scrapedPorts, reason: 'monitoring' });
    }
  }
  return flows.sort((a, b) => flowKey(a).localeCompare(flowKey(b)));
}

/**
 * One NetworkPolicy per isolated Service, `<service>-ingress` in its namespace, selecting its pods: ingress only from
 * the allowed flows' workloads on their ports, plus — in the ambient mesh — HBONE and ztunnel's rewritten probes.
 * Returned by the battery that owns the Service.
 */
export function networkPolicies(input: NetworkPolicyInput): Map<string, KubeObject[]> {
  const flows = allowedFlows(input);
  const byBattery = new Map<string, KubeObject[]>();
  for (const [type, { own }] of input.batteries) {
    for (const service of isolatedServices(own)) {
      const namespace = service.metadata.namespace!;
      const name = `${service.metadata.name}-ingress`;
      // A battery that writes its own policy of that name (traditional-services) keeps it.
      if (
        own.some(
          (o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace && o.metadata.name === name,
        )
      )
        continue;
      const mine = flows.filter(
        (f) => f.to.namespace === namespace && f.to.service === service.metadata.name,
      );
      const rules: Array<Record<string, unknown>> = [];
      for (const group of groupByPorts(mine))
        rules.push({ from: group.peers.map(peerOf), ports: group.ports.map(policyPort) });
      if (input.meshedNamespaces.has(namespace))
        rules.push(
          { ports: [{ port: HBONE_PORT, protocol: 'TCP' }] },
          { from: [{ ipBlock: { cidr: AMBIENT_PROBE_SOURCE } }] },
        );
      const policy: KubeObject = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace },
        spec: {
          podSelector: {
            matchLabels: { ...(service.spec as { selector: Record<string, string> }).selector },
          },
          policyTypes: ['Ingress'],
          ingress: rules,
        },
      };
      byBattery.set(type, [...(byBattery.get(type) ?? []), policy]);
    }
  }
  return byBattery;
}

function isolatedServices(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .filter((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata.namespace)
    .filter((o) => {
      const spec = o.spec as { type?: string; selector?: Record<string, string>; clusterIP?: string };
      return (
        (spec.type ?? 'ClusterIP') === 'ClusterIP' &&
        spec.selector !== undefined &&
        Object.keys(spec.selector).length > 0
      );
    })
    .sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : 1));
}

function servicePorts(service: KubeObject): ServicePortRef[] {
  const ports = (
    service.spec as { ports?: Array<{ name?: string; port: number; targetPort?: number | string }> }
  ).ports;
  return (ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port,
    targetPort: p.targetPort ?? p.port,
  }));
}

/** Flows to one Service, grouped by the exact port set, so each rule lists its peers once. */
function groupByPorts(
  flows: readonly AllowedFlow[],
): Array<{ ports: readonly ServicePortRef[]; peers: WorkloadPeer[] }> {
  const groups = new Map<string, { ports: readonly ServicePortRef[]; peers: WorkloadPeer[] }>();
  for (const flow of flows) {
    const key = flow.ports.map((p) => String(p.targetPort)).join(',');
    const group = groups.get(key) ?? { ports: flow.ports, peers: [] };
    if (!group.peers.some((p) => p.namespace === flow.from.namespace && p.workload === flow.from.workload))
      group.peers.push(flow.from);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function peerOf(peer: WorkloadPeer): Record<string, unknown> {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
    podSelector: { matchLabels: { ...peer.matchLabels } },
  };
}

function policyPort(port: ServicePortRef): Record<string, unknown> {
  return { port: port.targetPort, protocol: 'TCP' };
}

function flowKey(flow: AllowedFlow): string {
  return `${flow.to.battery} ${flow.to.namespace}/${flow.to.service} ${flow.reason} ${flow.from.battery} ${flow.from.namespace}/${flow.from.workload}`;
}
