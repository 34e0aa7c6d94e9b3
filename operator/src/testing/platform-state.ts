// The platform's state as the API server reports it: Battery readiness, the live managed set, and the two
// fingerprints tests compare across a pass (resourceVersions: was anything written; hashes: what the store holds).
import { HASH_ANNOTATION, MANAGED_SELECTOR, objectKey, type KubeObject } from '@batteries-included/batteries';
import type { Kubectl } from '@batteries-included/testenv';
import { eventually } from '@batteries-included/testenv';
import { isPlatformManaged } from '../engine/plan/data-safety.js';

/** Anything with a kubectl bound to the platform's cluster (a `Platform`). */
export interface HasKubectl {
  readonly kubectl: Kubectl;
}

/** The batteries examples/platform.yaml installs. */
export const PLATFORM_BATTERIES = ['core', 'grafana', 'kube-monitoring', 'loki', 'redis', 'victoria-metrics'];

/** A Battery's Ready condition status (`Unknown` without one) and its status message. */
export interface BatteryState {
  ready: string;
  message: string;
}

/** Each Battery's Ready condition and status message, by name. */
export async function batteryStates(platform: HasKubectl): Promise<Map<string, BatteryState>> {
  const list = await platform.kubectl.json<{
    items: Array<{
      metadata: { name: string };
      status?: { message?: string; conditions?: Array<{ type: string; status: string }> };
    }>;
  }>(['get', 'batteries']);
  return new Map(
    list.items.map((b) => [
      b.metadata.name,
      {
        ready: b.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
        message: b.status?.message ?? 'no status',
      },
    ]),
  );
}

/**
 * Waits until exactly `batteries` exist and every one is Ready; fails with each battery's state.
 * @default batteries: the platform of examples/platform.yaml
 */
export async function untilPlatformReady(
  platform: HasKubectl,
  timeoutMs = 120_000,
  batteries: readonly string[] = PLATFORM_BATTERIES,
): Promise<Map<string, BatteryState>> {
  const wanted = [...batteries].sort().join();
  let last = new Map<string, BatteryState>();
  await eventually(
    `exactly ${batteries.join(', ')}, every one Ready`,
    async () => {
      last = await batteryStates(platform);
      return [...last.keys()].sort().join() === wanted && [...last.values()].every((s) => s.ready === 'True');
    },
    {
      timeoutMs,
      lastSeen: () => [...last].map(([name, s]) => `${name}: Ready=${s.ready} (${s.message})`).join(' | '),
    },
  );
  return last;
}

/**
 * The objects the platform manages, as the API server reports them: every listable kind, filtered by the
 * managed-by label server-side and by `isPlatformManaged` (hash annotation, no owner) here, keyed by ref.
 */
export async function liveManagedObjects(platform: HasKubectl): Promise<Map<string, KubeObject>> {
  const resources = (await platform.kubectl(['api-resources', '--verbs=list', '-o', 'name']))
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name && name !== 'events' && name !== 'events.events.k8s.io');
  const list = await platform.kubectl.json<{ items: KubeObject[] }>([
    'get',
    resources.join(','),
    '--all-namespaces',
    '-l',
    MANAGED_SELECTOR,
  ]);
  return new Map(list.items.filter(isPlatformManaged).map((object) => [objectKey(object), object]));
}

/** `ref → resourceVersion` of every managed object. */
export function resourceVersions(objects: ReadonlyMap<string, KubeObject>): Map<string, string> {
  return new Map([...objects].map(([ref, object]) => [ref, String(object.metadata.resourceVersion ?? '')]));
}

/** `ref → hash annotation` of every managed object, the form the store's inventory compares with. */
export function liveHashes(objects: ReadonlyMap<string, KubeObject>): Map<string, string> {
  return new Map(
    [...objects].map(([ref, object]) => [ref, object.metadata.annotations?.[HASH_ANNOTATION] ?? '']),
  );
}
