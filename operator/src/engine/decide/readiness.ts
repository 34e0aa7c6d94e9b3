import { splitApiVersion, type KubeObject } from '@batteries-included/batteries';

/** Whether a live object is ready, and if not, why — shown in the battery's `Ready` condition message. */
export type Readiness = { isReady: true } | { isReady: false; reason: string };

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/**
 * Custom resources whose controllers report health in a condition that must be True (peers.md §3 item 6), keyed
 * `Kind.group`. Unlike the generic rule, a missing condition means "not yet", not "ready": the controller has not
 * looked at the object. A condition stamped with an older generation is stale.
 */
export const CONDITION_GATED_KINDS: ReadonlyMap<string, string> = new Map([
  ['Cluster.postgresql.cnpg.io', 'Ready'],
  ['Certificate.cert-manager.io', 'Ready'],
  ['Issuer.cert-manager.io', 'Ready'],
  ['ClusterIssuer.cert-manager.io', 'Ready'],
  ['Service.serving.knative.dev', 'Ready'],
]);

const READY: Readiness = { isReady: true };
const waiting = (reason: string): Readiness => ({ isReady: false, reason });

/**
 * Readiness per kind: Deployments, StatefulSets and DaemonSets must have observed their generation with every
 * replica updated and ready; Jobs must have succeeded; PVCs must be Bound; LoadBalancer Services must have an
 * ingress address; CRDs must be Established; APIServices are ready once they exist (their Deployment gates); any
 * other object with a `Ready` or `Available` condition must have it True; everything else is ready once it exists.
 */
export function readinessOf(live: KubeObject): Readiness {
  const status = (live.status ?? {}) as Record<string, unknown>;
  const spec = (live.spec ?? {}) as Record<string, unknown>;
  const { generation } = live.metadata;
  const observed = status.observedGeneration as number | undefined;
  const num = (field: string) => (status[field] as number | undefined) ?? 0;
  const { group } = splitApiVersion(live.apiVersion);

  const gate = CONDITION_GATED_KINDS.get(`${live.kind}.${group}`);
  if (gate) return conditionGated(status, gate, generation);
  // An aggregated API's `Available` is the API server reaching the pods behind it over the network: their
  // Deployment's readiness already gates the battery, and a network fault there is not the pass's to report.
  if (live.kind === 'APIService' && group === 'apiregistration.k8s.io') return READY;
  // Built-in kinds below live in the core, apps and batch groups; same-named custom kinds take the generic rule.
  if (!['', 'apps', 'batch', 'apiextensions.k8s.io'].includes(group)) return genericReadiness(status);

  switch (live.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      if (generation !== undefined && observed !== generation)
        return waiting(`generation ${generation} not yet observed`);
      const wanted = (spec.replicas as number | undefined) ?? 1;
      if (num('updatedReplicas') < wanted)
        return waiting(`${num('updatedReplicas')}/${wanted} replicas updated`);
      if (num('readyReplicas') < wanted) return waiting(`${num('readyReplicas')}/${wanted} replicas ready`);
      if (live.kind === 'Deployment' && num('replicas') > wanted)
        return waiting(`${num('replicas') - wanted} old replicas terminating`);
      return READY;
    }
    case 'DaemonSet': {
      if (generation !== undefined && observed !== generation)
        return waiting(`generation ${generation} not yet observed`);
      const desired = num('desiredNumberScheduled');
      if (num('updatedNumberScheduled') < desired)
        return waiting(`${num('updatedNumberScheduled')}/${desired} pods updated`);
      if (num('numberReady') < desired) return waiting(`${num('numberReady')}/${desired} pods ready`);
      return READY;
    }
    case 'Job': {
      const conditions = (status.conditions as Condition[] | undefined) ?? [];
      const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
      if (failed) return waiting(`job failed: ${failed.message ?? failed.reason ?? 'unknown'}`);
      return conditions.some((c) => c.type === 'Complete' && c.status === 'True')
        ? READY
        : waiting('job not complete');
    }
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound'
        ? READY
        : waiting(`claim is ${(status.phase as string | undefined) ?? 'Pending'}`);
    case 'Service': {
      if (spec.type !== 'LoadBalancer') return READY;
      const ingress = (status.loadBalancer as { ingress?: unknown[] } | undefined)?.ingress ?? [];
      return ingress.length > 0 ? READY : waiting('load balancer has no address yet');
    }
    case 'CustomResourceDefinition':
      return conditionIs(status, 'Established') ? READY : waiting('CRD not yet Established');
    default:
      return genericReadiness(status);
  }
}

/** Any other object: a `Ready` or `Available` condition, when present, must be True. */
function genericReadiness(status: Record<string, unknown>): Readiness {
  const conditions = (status.conditions as Condition[] | undefined) ?? [];
  const gate = conditions.find((c) => c.type === 'Ready') ?? conditions.find((c) => c.type === 'Available');
  if (!gate || gate.status === 'True') return READY;
  return waiting(`${gate.type}=${gate.status}${gate.message ? `: ${gate.message}` : ''}`);
}

function conditionGated(
  status: Record<string, unknown>,
  type: string,
  generation: number | undefined,
): Readiness {
  const conditions = (status.conditions as Condition[] | undefined) ?? [];
  const condition = conditions.find((c) => c.type === type);
  if (!condition) return waiting(`no ${type} condition yet`);
  const observed = condition.observedGeneration ?? (status.observedGeneration as number | undefined);
  if (generation !== undefined && observed !== undefined && observed < generation)
    return waiting(`generation ${generation} not yet observed`);
  if (condition.status === 'True') return READY;
  const why = condition.message ?? condition.reason;
  return waiting(`${type}=${condition.status}${why ? `: ${why}` : ''}`);
}

function conditionIs(status: Record<string, unknown>, type: string): boolean {
  return ((status.conditions as Condition[] | undefined) ?? []).some(
    (c) => c.type === type && c.status === 'True',
  );
}
