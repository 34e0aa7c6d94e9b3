import type { KubeConfig } from '@kubernetes/client-node';
import { splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { toKubeApiError } from './errors.js';
import { requestJson } from './json-request.js';

/** What the API server serves for one apiVersion + kind. */
export interface ResourceInfo {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource name in paths, e.g. `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Which kinds exist on the cluster, learnt from discovery and from Established CRDs. */
export interface Discovery {
  /** Reads every group and version (aggregated discovery: two requests), replacing what was known. */
  refresh(): Promise<void>;
  /** The resource for a kind. An unknown kind re-discovers its group/version once before answering undefined. */
  resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo | undefined>;
  /** What is known now, without asking the server. */
  lookup(apiVersion: string, kind: string): ResourceInfo | undefined;
  isKnown(apiVersion: string, kind: string): boolean;
  /** Records the kinds an Established CRD serves (one per served version) and returns them; [] if not Established. */
  learnCrd(crd: KubeObject): ResourceInfo[];
  /** Forgets the kinds of a deleted CRD. */
  forgetCrd(crd: KubeObject): void;
}

/**
 * The collection path of a resource: across all namespaces when `namespace` is omitted.
 * @example collectionPath(deployments, 'battery-core') // → '/apis/apps/v1/namespaces/battery-core/deployments'
 */
export function collectionPath(resource: ResourceInfo, namespace?: string): string {
  const root = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  return resource.namespaced && namespace
    ? `${root}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${root}/${resource.plural}`;
}

/** Whether a CRD's `Established` condition is True. */
export function isEstablished(crd: KubeObject): boolean {
  const conditions = (crd.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)
    ?.conditions;
  return (conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/**
 * Discovery over the API server's discovery endpoints (aggregated v2, falling back to one request per
 * group/version on servers without it). Concurrent look-ups of one group/version share one request.
 * @example
 * const discovery = createDiscovery(config);
 * const deployments = await discovery.resourceFor('apps/v1', 'Deployment'); // { plural: 'deployments', namespaced: true, … }
 */
export function createDiscovery(config: KubeConfig): Discovery {
  let known = new Map<string, ResourceInfo>();
  // Kept apart from `known`: discovery documents lag behind Established a little, and a refresh must not drop these.
  const fromCrds = new Map<string, ResourceInfo>();
  const inFlight = new Map<string, Promise<void>>();

  function remember(into: Map<string, ResourceInfo>, info: ResourceInfo): void {
    into.set(keyOf(info.apiVersion, info.kind), info);
  }

  async function refreshGroupVersion(apiVersion: string): Promise<void> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    let list: LegacyResourceList | undefined;
    try {
      list = await requestJson<LegacyResourceList>(config, { path });
    } catch (error) {
      const apiError = toKubeApiError(`apiVersion ${apiVersion}`, error);
      if (apiError.status !== 404) throw apiError;
    }
    for (const [key, info] of known) if (info.apiVersion === apiVersion) known.delete(key);
    for (const info of fromLegacy(apiVersion, list)) remember(known, info);
  }

  function refreshOnce(apiVersion: string): Promise<void> {
    let pending = inFlight.get(apiVersion);
    if (!pending) {
      pending = refreshGroupVersion(apiVersion).finally(() => inFlight.delete(apiVersion));
      inFlight.set(apiVersion, pending);
    }
    return pending;
  }

  const find = (apiVersion: string, kind: string) =>
    known.get(keyOf(apiVersion, kind)) ?? fromCrds.get(keyOf(apiVersion, kind));

  return {
    async refresh() {
      const next = new Map<string, ResourceInfo>();
      try {
        for (const path of ['/api', '/apis']) {
          const body = await requestJson<AggregatedList | LegacyGroupList>(config, {
            path,
            accept: AGGREGATED,
          });
          if (body.kind === 'APIGroupDiscoveryList') {
            for (const info of fromAggregated(body as AggregatedList)) remember(next, info);
            continue;
          }
          // No aggregated discovery: one request per group/version.
          for (const apiVersion of legacyGroupVersions(body as LegacyGroupList)) {
            const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
            const list = await requestJson<LegacyResourceList>(config, { path });
            for (const info of fromLegacy(apiVersion, list)) remember(next, info);
          }
        }
      } catch (error) {
        throw toKubeApiError('discovery', error);
      }
      known = next;
    },
    async resourceFor(apiVersion, kind) {
      const cached = find(apiVersion, kind);
      if (cached) return cached;
      await refreshOnce(apiVersion);
      return find(apiVersion, kind);
    },
    lookup: find,
    isKnown: (apiVersion, kind) => find(apiVersion, kind) !== undefined,
    learnCrd(crd) {
      if (!isEstablished(crd)) return [];
      const learnt = crdResources(crd);
      for (const info of learnt) remember(fromCrds, info);
      return learnt;
    },
    forgetCrd(crd) {
      for (const info of crdResources(crd)) {
        known.delete(keyOf(info.apiVersion, info.kind));
        fromCrds.delete(keyOf(info.apiVersion, info.kind));
      }
    },
  };
}

function keyOf(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

interface CrdShape {
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string };
    versions?: Array<{ name?: string; served?: boolean }>;
  };
  status?: { acceptedNames?: { kind?: string; plural?: string } };
}

function crdResources(crd: KubeObject): ResourceInfo[] {
  const { spec, status } = crd as CrdShape;
  const group = spec?.group;
  const kind = status?.acceptedNames?.kind || spec?.names?.kind;
  const plural = status?.acceptedNames?.plural || spec?.names?.plural;
  if (!group || !kind || !plural) return [];
  return (spec?.versions ?? [])
    .filter((v) => v.served !== false && v.name)
    .map((v) => ({
      apiVersion: `${group}/${v.name}`,
      group,
      version: v.name!,
      kind,
      plural,
      namespaced: spec?.scope === 'Namespaced',
    }));
}

interface LegacyResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

function fromLegacy(apiVersion: string, list: LegacyResourceList | undefined): ResourceInfo[] {
  const { group, version } = splitApiVersion(apiVersion);
  return (list?.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({ apiVersion, group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced }));
}

interface LegacyGroupList {
  kind?: string;
  versions?: string[];
  groups?: Array<{ versions?: Array<{ groupVersion: string }> }>;
}

function legacyGroupVersions(body: LegacyGroupList): string[] {
  if (body.kind === 'APIVersions') return body.versions ?? [];
  return (body.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion));
}

interface AggregatedList {
  kind: 'APIGroupDiscoveryList';
  items?: Array<{
    metadata?: { name?: string };
    versions?: Array<{
      version: string;
      resources?: Array<{ resource: string; scope?: string; responseKind?: { kind?: string } }>;
    }>;
  }>;
}

function fromAggregated(body: AggregatedList): ResourceInfo[] {
  return (body.items ?? []).flatMap((item) => {
    const group = item.metadata?.name ?? '';
    return (item.versions ?? []).flatMap((v) =>
      (v.resources ?? [])
        .filter((r) => r.responseKind?.kind)
        .map((r) => ({
          apiVersion: group ? `${group}/${v.version}` : v.version,
          group,
          version: v.version,
          kind: r.responseKind!.kind!,
          plural: r.resource,
          namespaced: r.scope === 'Namespaced',
        })),
    );
  });
}
