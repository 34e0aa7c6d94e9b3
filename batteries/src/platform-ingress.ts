import { findBattery, findInstanceKind } from './catalog/index.js';
import { parseInstances } from './generate-instances.js';
import { instanceKey, type InstanceProblem } from './model/instance.js';
import { BATTERY_CA } from './catalog/battery-ca/battery.js';
import { certManagerSchema } from './catalog/cert-manager/schema.js';
import { routedService } from './catalog/sso/protected-uis.js';
import { defaultHostname, LOOPBACK_ADDRESS } from './kit/ingress/gateway.js';
import type { IngressIssuer, PlatformHost, PlatformIngress } from './model/host.js';
import type { PlatformSettings } from './model/settings.js';
import type { Snapshot } from './model/snapshot.js';

/** The platform's ingress and, per battery, why its hosts were refused (a hostname taken by another host). */
export interface IngressPlan {
  readonly ingress: PlatformIngress;
  /** Battery type → `spec.hostnames.<name>: …` lines naming the core battery's field; such hosts get no route. */
  readonly refusals: ReadonlyMap<string, readonly string[]>;
  /** Instance (`instanceKey`) → its refused hosts, each naming the field that chose the hostname. */
  readonly instanceRefusals: ReadonlyMap<string, readonly InstanceProblem[]>;
}

/**
 * Computes every installed battery's hosts (declared by `BatteryDefinition.hosts`, hostnames from the core battery's
 * overrides or `<name>.<address>.<baseDomain>`), the gateway's address (from the snapshot, which Prepare read from the
 * gateway Service's load-balancer status) and whether hosts get certificates. Pure. Batteries whose dependencies are
 * missing or whose spec is invalid declare no hosts (they fail on their own).
 *
 * A hostname shared by two battery hosts is refused on the host whose override made it so (both, when two overrides
 * collide; the core battery's schema refuses that at admission already): the battery owning it fails naming the
 * field, and the other host keeps its hostname. Instances' hosts (`InstanceDefinition.hosts`) never take a hostname
 * from anyone: an instance host whose hostname another host has is refused (on every instance sharing it), which the
 * instance reports naming its field, and the others keep theirs.
 */
export function planIngress(snapshot: Snapshot, settings: PlatformSettings): IngressPlan {
  const installed = new Set(Object.keys(snapshot.batteries));
  const address = snapshot.ingress?.address ?? LOOPBACK_ADDRESS;
  const candidates: PlatformHost[] = [];
  for (const type of [...installed].sort()) {
    const battery = findBattery(type);
    if (!battery?.hosts || battery.dependencies.some((dep) => !installed.has(dep))) continue;
    const parsed = battery.schema.safeParse(snapshot.batteries[type] ?? {});
    if (!parsed.success) continue;
    for (const request of battery.hosts(parsed.data, settings))
      candidates.push({
        ...request,
        // A UI sso guards with oauth2-proxy is routed to its proxy.
        service: routedService(type, request, installed, settings.namespaces),
        battery: type,
        hostname:
          settings.hostnames[request.name] ?? defaultHostname(request.name, address, settings.baseDomain),
      });
  }
  candidates.push(...instanceHosts(snapshot, settings, installed, address));
  const refusals = new Map<string, string[]>();
  const instanceRefusals = new Map<string, InstanceProblem[]>();
  const byHostname = new Map<string, PlatformHost[]>();
  for (const host of candidates)
    byHostname.set(host.hostname, [...(byHostname.get(host.hostname) ?? []), host]);
  const refused = new Set<PlatformHost>();
  const describe = (host: PlatformHost) => `${host.name} (${host.instance ?? host.battery})`;
  for (const [hostname, hosts] of byHostname) {
    if (hosts.length < 2) continue;
    for (const host of hosts) {
      if (!host.instance) continue;
      refused.add(host);
      const others = hosts.filter((o) => o !== host).map(describe);
      const problems = instanceRefusals.get(host.instance) ?? [];
      problems.push({
        reason: 'HostnameTaken',
        message: `${host.field ?? 'metadata.name'}: "${hostname}" is already the hostname of ${others.join(', ')}; choose another hostname`,
      });
      instanceRefusals.set(host.instance, problems);
    }
    const batteryHosts = hosts.filter((host) => !host.instance);
    if (batteryHosts.length < 2) continue;
    for (const host of batteryHosts) {
      if (!Object.hasOwn(settings.hostnames, host.name)) continue;
      refused.add(host);
      const others = batteryHosts.filter((o) => o !== host).map(describe);
      const lines = refusals.get(host.battery) ?? [];
      lines.push(
        `core spec.hostnames.${host.name}: "${hostname}" is already the hostname of ${others.join(', ')}; choose another hostname`,
      );
      refusals.set(host.battery, lines);
    }
  }
  return {
    ingress: {
      address,
      hasAddress: snapshot.ingress !== undefined,
      baseDomain: settings.baseDomain,
      gatewayNamespace: settings.namespaces.istio,
      hasGateway: installed.has('istio-gateway'),
      ...tlsOf(snapshot, settings, installed),
      hosts: candidates.filter((host) => !refused.has(host)).sort((a, b) => (a.name < b.name ? -1 : 1)),
    },
    refusals,
    instanceRefusals,
  };
}

/**
 * The hosts of every instance that can render and whose kind declares hosts: hostnames from the core battery's
 * overrides, else the one the instance chose, else `<name>.<address>.<baseDomain>`.
 */
function instanceHosts(
  snapshot: Snapshot,
  settings: PlatformSettings,
  installed: ReadonlySet<string>,
  address: string,
): PlatformHost[] {
  const hosts: PlatformHost[] = [];
  // Only kinds that declare hosts are parsed here (Generate parses every instance anyway): databases cost nothing.
  const withHosts = (snapshot.instances ?? []).filter((raw) => findInstanceKind(raw.kind)?.hosts);
  for (const { definition, instance } of parseInstances(withHosts, installed).valid) {
    if (!definition.hosts) continue;
    const battery = findBattery(definition.battery);
    const batterySpec = battery?.schema.safeParse(snapshot.batteries[definition.battery] ?? {});
    if (!batterySpec?.success) continue;
    for (const request of definition.hosts(instance, { settings, batterySpec: batterySpec.data }))
      hosts.push({
        ...request,
        battery: definition.battery,
        instance: instanceKey(instance),
        hostname:
          settings.hostnames[request.name] ??
          request.hostname ??
          defaultHostname(request.name, address, settings.baseDomain),
      });
  }
  return hosts;
}

/**
 * TLS is on when cert-manager is installed and an issuer fits: on Kind, the platform CA (battery-ca); elsewhere
 * Let's Encrypt through the ACME issuers, or battery-ca when the ACME issuers are turned off.
 */
function tlsOf(
  snapshot: Snapshot,
  settings: PlatformSettings,
  installed: ReadonlySet<string>,
): { tls?: { issuer: IngressIssuer } } {
  if (!installed.has('cert-manager')) return {};
  const certManager = certManagerSchema.safeParse(snapshot.batteries['cert-manager'] ?? {});
  if (!certManager.success) return {};
  if (settings.clusterType !== 'kind' && certManager.data.acmeIssuers)
    return { tls: { issuer: { kind: 'ClusterIssuer', name: 'lets-encrypt' } } };
  if (installed.has('battery-ca'))
    return { tls: { issuer: { kind: 'ClusterIssuer', name: BATTERY_CA.clusterIssuer } } };
  return {};
}
