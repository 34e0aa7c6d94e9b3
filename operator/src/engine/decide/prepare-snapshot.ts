import {
  API_GROUP,
  findInstanceKind,
  INGRESS_GATEWAY,
  loadBalancerIp,
  platformSettings,
  sortInstances,
  secretFromBytes,
  withSecretMaterial,
  objectKey,
  type BatterySecretRequest,
  type KubeObject,
  type Snapshot,
  type SnapshotBundle,
  type SnapshotInstance,
} from '@batteries-included/batteries';
import { crdKind } from '@batteries-included/crds';
import { utf8OfBase64 } from '../plan/base64.js';

/**
 * The kinds of live objects generators may read (DESIGN §5): StatefulSets and PVCs for volume sizes, Services
 * for load-balancer addresses. Secrets are deliberately absent: their values reach Generate only as secret
 * material, which is never recorded.
 */
export const SNAPSHOT_LIVE_KINDS: ReadonlySet<string> = new Set([
  'StatefulSet',
  'PersistentVolumeClaim',
  'Service',
]);

export interface PrepareInput {
  /** Battery objects from the cache (any kind in the batteries group). */
  batteries: readonly KubeObject[];
  /** Live objects from the cache, by canonical key. */
  live: ReadonlyMap<string, KubeObject>;
  /** Batteries being deleted whose deletion is held by dependents: they stay in the snapshot. */
  held?: ReadonlySet<string>;
  /**
   * Mints material a battery needs and no live Secret holds yet: `mintRandom` (a CSPRNG) for a pass, or
   * `PLACEHOLDER_MINT` for a preview that never writes what it generates. Required, so that a pass can never
   * fall back to anything but randomness, and so that this module stays pure.
   */
  mint: (request: BatterySecretRequest) => string;
  /** Upstream bundles the batteries declare, already obtained (`BundleResolver.resolve`); absent: none. */
  bundles?: Record<string, SnapshotBundle>;
  /** Instance objects from the cache (namespaced kinds of the batteries group); absent: none. */
  instances?: readonly KubeObject[];
}

export interface PreparedSnapshot {
  snapshot: Snapshot;
  /** Battery objects ignored because their kind does not match their name (the CRD's CEL rule prevents this). */
  ignored: string[];
}

/**
 * Builds the snapshot Generate reads: Battery specs by type, the readable live objects, and secret material —
 * read back from the live Secret a battery wrote earlier, or minted here, so Generate stays pure.
 */
export function prepareSnapshot({
  batteries,
  live,
  held = new Set(),
  mint,
  bundles,
  instances = [],
}: PrepareInput): PreparedSnapshot {
  const { specs, ignored } = batterySpecs(batteries, held);
  const readable = [...live.values()].filter(
    (o) => SNAPSHOT_LIVE_KINDS.has(o.kind) && o.apiVersion.match(/^(v1|apps\/v1)$/),
  );
  const base: Snapshot = {
    batteries: specs,
    live: Object.fromEntries(readable.map((o) => [objectKey(o), o]).sort(([a], [b]) => (a! < b! ? -1 : 1))),
    secretMaterial: {},
  };
  if (bundles && Object.keys(bundles).length > 0) base.bundles = bundles;
  const instanceList = instanceSpecs(instances);
  if (instanceList.length > 0) base.instances = instanceList;
  // The gateway's address makes the hostnames; reading it here keeps Generate a function of the snapshot.
  const gatewayNamespace = platformSettings(base).namespaces.istio;
  const address = loadBalancerIp(live.get(`Service/${gatewayNamespace}/${INGRESS_GATEWAY}`));
  if (address) base.ingress = { address };
  const snapshot = withSecretMaterial(base, (request) => readBack(request, live) ?? mint(request));
  return { snapshot, ignored };
}

/**
 * Battery specs by type from Battery objects: objects whose kind does not match their name are ignored, and
 * batteries being deleted are left out unless their deletion is held.
 */
export function batterySpecs(
  batteries: readonly KubeObject[],
  held: ReadonlySet<string> = new Set(),
): { specs: Record<string, unknown>; ignored: string[] } {
  const specs: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const battery of batteries) {
    const type = battery.metadata.name;
    const group = battery.apiVersion.split('/')[0];
    if (group !== API_GROUP || battery.kind !== crdKind(type)) {
      ignored.push(objectKey(battery));
      continue;
    }
    if (battery.metadata.deletionTimestamp && !held.has(type)) continue;
    specs[type] = battery.spec ?? {};
  }
  return { specs, ignored };
}

/** Whether an object of the batteries group is an instance (a namespaced kind a battery declares). */
export function isInstanceObject(object: KubeObject): boolean {
  return (
    object.apiVersion.split('/')[0] === API_GROUP &&
    object.metadata.namespace !== undefined &&
    findInstanceKind(object.kind) !== undefined
  );
}

/**
 * Instance specs from instance objects, sorted by kind, namespace and name: plain JSON, so a recorded snapshot
 * replays. Instances being deleted are left out, so their objects are pruned (PVCs kept, labelled orphaned).
 */
export function instanceSpecs(instances: readonly KubeObject[]): SnapshotInstance[] {
  return sortInstances(
    instances
      .filter((object) => isInstanceObject(object) && !object.metadata.deletionTimestamp)
      .map((object) => ({
        kind: object.kind,
        namespace: object.metadata.namespace!,
        name: object.metadata.name,
        spec: object.spec ?? {},
      })),
  );
}

function readBack(request: BatterySecretRequest, live: ReadonlyMap<string, KubeObject>): string | undefined {
  const secret = live.get(`Secret/${request.secret.namespace}/${request.secret.name}`);
  if (!secret) return undefined;
  const data = secret.data as Record<string, string> | undefined;
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (data?.[request.secret.key] !== undefined) return utf8OfBase64(data[request.secret.key]!);
  return stringData?.[request.secret.key];
}

/**
 * Fills material no live Secret holds with zero bytes (in the alphabet of each request): for previews (the API's
 * dry run, `bi diff`, rollback previews) that show refs and actions but never write what they generate. The pass
 * itself mints with `mintRandom`.
 */
export const PLACEHOLDER_MINT = (request: BatterySecretRequest): string =>
  secretFromBytes(request, (count) => new Uint8Array(count));
