import type { KubeObject } from '../model/kube-object.js';

interface ParentRef {
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
}
interface Listener {
  name: string;
  hostname?: string;
  tls?: { certificateRefs?: Array<{ kind?: string; name: string; namespace?: string }> };
}

/**
 * What is wrong with the references between generated routes, Gateways and Certificates, one line each (empty when
 * nothing): a route whose Gateway or listener does not exist, a route hostname its listener does not serve, an HTTPS
 * listener whose Secret no generated Certificate writes.
 */
export function ingressReferenceProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const gateways = new Map(
    objects
      .filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('gateway.networking.k8s.io/'))
      .map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]),
  );
  const certificateSecrets = new Set(
    objects
      .filter((o) => o.kind === 'Certificate')
      .map((o) => `${o.metadata.namespace}/${(o.spec as { secretName: string }).secretName}`),
  );
  for (const gateway of gateways.values()) {
    for (const listener of (gateway.spec as { listeners: Listener[] }).listeners) {
      for (const ref of listener.tls?.certificateRefs ?? []) {
        const key = `${ref.namespace ?? gateway.metadata.namespace}/${ref.name}`;
        if (!certificateSecrets.has(key))
          problems.push(
            `Gateway ${gateway.metadata.name} listener ${listener.name}: no Certificate writes Secret ${key}`,
          );
      }
    }
  }
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute' || o.kind === 'TCPRoute')) {
    const spec = route.spec as { parentRefs: ParentRef[]; hostnames?: string[] };
    const where = `${route.kind} ${route.metadata.namespace}/${route.metadata.name}`;
    for (const parent of spec.parentRefs) {
      const gateway = gateways.get(`${parent.namespace ?? route.metadata.namespace}/${parent.name}`);
      if (!gateway) {
        problems.push(`${where}: no Gateway ${parent.namespace}/${parent.name}`);
        continue;
      }
      if (!parent.sectionName) continue;
      const listener = (gateway.spec as { listeners: Listener[] }).listeners.find(
        (l) => l.name === parent.sectionName,
      );
      if (!listener) {
        problems.push(`${where}: Gateway ${parent.name} has no listener ${parent.sectionName}`);
        continue;
      }
      for (const hostname of spec.hostnames ?? [])
        if (listener.hostname && listener.hostname !== hostname)
          problems.push(`${where}: listener ${listener.name} serves ${listener.hostname}, not ${hostname}`);
    }
  }
  return problems;
}
