import type { KubeConfig } from '@kubernetes/client-node';
import {
  INSTANCE_KIND_LABEL,
  INSTANCE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type KubeObject,
} from '@batteries-included/batteries';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { toKubeApiError } from '../kube/errors.js';
import { requestJson } from '../kube/json-request.js';
import type { ApiOptions } from './api-options.js';
import { requireInstanceKind } from './instance-view.js';
import { logRoute } from './log-routes.js';
import { ApiProblem } from './problem.js';
import type { eventList, eventView, podList, podView } from './schemas.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** The workload kinds whose pods the API shows, by the plural used in paths. */
const WORKLOAD_KINDS: Readonly<Record<string, string>> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
};
/** The newest events shown for one workload or instance. */
const MAX_EVENTS = 200;

/** Which pods, in which namespace: a managed workload's selector, or an instance's labels. */
interface PodScope {
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Names whose events belong to it: the workload or instance, its ReplicaSets and pods (`<name>-…`). */
  readonly name: string;
}

/**
 * Pods and events of what the platform manages, read fresh from the API server:
 * - `GET /workloads/:namespace/:kind/:name/pods|events` for a managed Deployment, StatefulSet or DaemonSet (kind as
 *   its plural, e.g. `deployments`); 404 for one the platform does not manage;
 * - `GET /instances/:plural/:namespace/:name/pods|events` for an instance's pods (a TraditionalService's, the pods of a
 *   KnativeService's revisions), selected by the instance labels its pod templates carry;
 * - `GET /pods/:namespace/:name/logs` (see `logRoute`), for a pod of either.
 */
export function workloadRoutes(options: ApiOptions): Hono {
  const { config, view } = options;
  const app = new Hono();

  const workloadScope = (c: Context): PodScope => {
    const namespace = pathLabel(c, 'namespace');
    const kind = WORKLOAD_KINDS[c.req.param('kind') ?? ''];
    if (!kind)
      throw new ApiProblem(
        404,
        'not-found',
        `workloads are ${Object.keys(WORKLOAD_KINDS).join(', ')}; got ${c.req.param('kind')}`,
      );
    const name = pathName(c);
    const workload = view.live().get(`${kind}.apps/${namespace}/${name}`);
    if (!workload || workload.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE)
      throw new ApiProblem(404, 'not-found', `${kind} ${namespace}/${name} is not managed by the platform`);
    const selector = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
      ?.selector?.matchLabels;
    if (!selector || Object.keys(selector).length === 0)
      throw new ApiProblem(
        404,
        'not-found',
        `${kind} ${namespace}/${name} selects its pods by expressions only`,
      );
    return { namespace, selector, name };
  };
  const instanceScope = (c: Context): PodScope => {
    const definition = requireInstanceKind(c.req.param('plural') ?? '');
    const namespace = pathLabel(c, 'namespace');
    const name = pathName(c);
    const exists = (view.instances?.() ?? []).some(
      (o) => o.kind === definition.kind && o.metadata.namespace === namespace && o.metadata.name === name,
    );
    if (!exists)
      throw new ApiProblem(404, 'not-found', `${definition.kind} ${namespace}/${name} does not exist`);
    return { namespace, name, selector: { [INSTANCE_KIND_LABEL]: definition.kind, [INSTANCE_LABEL]: name } };
  };

  for (const [prefix, scopeOf] of [
    ['/workloads/:namespace/:kind/:name', workloadScope],
    ['/instances/:plural/:namespace/:name', instanceScope],
  ] as const) {
    app.get(`${prefix}/pods`, async (c) =>
      c.json({ pods: (await listPods(config, scopeOf(c))).map(podViewOf) } satisfies z.input<typeof podList>),
    );
    app.get(`${prefix}/events`, async (c) => {
      const scope = scopeOf(c);
      const pods = new Set((await listPods(config, scope)).map((pod) => pod.metadata.name));
      const events = await listEvents(config, scope.namespace);
      const mine = events.filter(({ involvedObject }) => {
        const name = involvedObject?.name ?? '';
        return name === scope.name || name.startsWith(`${scope.name}-`) || pods.has(name);
      });
      return c.json({ events: newestFirst(mine).slice(0, MAX_EVENTS).map(eventViewOf) } satisfies z.input<
        typeof eventList
      >);
    });
  }

  app.get(
    '/pods/:namespace/:name/logs',
    logRoute(options, async (namespace, name) => {
      // Only the pods of what the platform manages: a managed workload selects it, or it carries instance labels.
      const pod = await readPod(config, namespace, name);
      const labels = pod.metadata.labels ?? {};
      const isInstancePod = (view.instances?.() ?? []).some(
        (o) =>
          o.metadata.namespace === namespace &&
          o.kind === labels[INSTANCE_KIND_LABEL] &&
          o.metadata.name === labels[INSTANCE_LABEL],
      );
      const isWorkloadPod = [...view.live().values()].some(
        (object) =>
          object.metadata.namespace === namespace &&
          Object.values(WORKLOAD_KINDS).includes(object.kind) &&
          object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE &&
          selects(object, labels),
      );
      if (!isInstancePod && !isWorkloadPod)
        throw new ApiProblem(
          404,
          'not-found',
          `Pod ${namespace}/${name} does not belong to a managed workload`,
        );
      return pod;
    }),
  );
  return app;
}

function pathLabel(c: Context, param: string): string {
  const value = c.req.param(param) ?? '';
  if (!DNS_LABEL.test(value))
    throw new ApiProblem(400, 'bad-request', `${param}: must be a DNS label, got "${value}"`, {
      errors: [{ field: param, message: 'must be a DNS label', value }],
    });
  return value;
}

function pathName(c: Context): string {
  const value = c.req.param('name') ?? '';
  if (!DNS_SUBDOMAIN.test(value))
    throw new ApiProblem(400, 'bad-request', `name: must be an object name, got "${value}"`, {
      errors: [{ field: 'name', message: 'must be an object name', value }],
    });
  return value;
}

function selects(workload: KubeObject, labels: Readonly<Record<string, string>>): boolean {
  const selector = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
    ?.selector?.matchLabels;
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

interface Pod extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string }>;
  };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses?: Array<{ restartCount?: number }>;
    initContainerStatuses?: Array<{ restartCount?: number }>;
  };
}

async function listPods(config: KubeConfig, scope: PodScope): Promise<Pod[]> {
  const labelSelector = Object.entries(scope.selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  try {
    const list = await requestJson<{ items: Pod[] }>(config, {
      path: `/api/v1/namespaces/${scope.namespace}/pods`,
      query: { labelSelector },
    });
    return list.items.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  } catch (error) {
    throw toKubeApiError(`Pod/${scope.namespace}`, error);
  }
}

/** A pod as the API server has it now; 404 problem when there is none. */
export async function readPod(config: KubeConfig, namespace: string, name: string): Promise<Pod> {
  try {
    return await requestJson<Pod>(config, { path: `/api/v1/namespaces/${namespace}/pods/${name}` });
  } catch (error) {
    const failure = toKubeApiError(`Pod/${namespace}/${name}`, error);
    if (failure.status === 404)
      throw new ApiProblem(404, 'not-found', `Pod ${namespace}/${name} does not exist`);
    throw failure;
  }
}

export function podViewOf(pod: Pod): z.input<typeof podView> {
  const status = pod.status ?? {};
  const restarts = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].reduce(
    (sum, container) => sum + (container.restartCount ?? 0),
    0,
  );
  return {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    phase: status.phase ?? 'Unknown',
    ready: status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    containers: [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name),
    ...(pod.metadata.creationTimestamp ? { createdAt: pod.metadata.creationTimestamp } : {}),
  };
}

interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  involvedObject?: { kind?: string; name?: string };
}

async function listEvents(config: KubeConfig, namespace: string): Promise<KubeEvent[]> {
  try {
    const list = await requestJson<{ items: KubeEvent[] }>(config, {
      path: `/api/v1/namespaces/${namespace}/events`,
    });
    return list.items;
  } catch (error) {
    throw toKubeApiError(`Event/${namespace}`, error);
  }
}

const seenAt = (event: KubeEvent) => event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? '';

function newestFirst(events: readonly KubeEvent[]): KubeEvent[] {
  return [...events].sort((a, b) => (seenAt(a) < seenAt(b) ? 1 : seenAt(a) > seenAt(b) ? -1 : 0));
}

function eventViewOf(event: KubeEvent): z.input<typeof eventView> {
  const at = seenAt(event);
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: `${event.involvedObject?.kind ?? ''}/${event.involvedObject?.name ?? ''}`,
    count: event.count ?? 1,
    ...(at ? { lastSeen: at } : {}),
  };
}
