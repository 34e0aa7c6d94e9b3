import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { toKubeApiError, type KubeApiError } from './errors.js';

/** The Lease every operator replica contends for. */
export const LEASE_NAME = 'batteries-included-operator';

export interface LeaderElectionOptions {
  /** Namespace of the Lease (the operator's own). */
  readonly namespace: string;
  /** Unique per replica, e.g. the pod name; written to `holderIdentity`. */
  readonly identity: string;
  /** @default LEASE_NAME */
  readonly name?: string;
  /** How long a lease is valid without renewal; others take over after this, in seconds. @default 15 */
  readonly leaseDurationSeconds?: number;
  /** How often the leader renews and candidates retry, in milliseconds. @default 5000 */
  readonly renewIntervalMs?: number;
  /**
   * A leader that has not managed to renew for this long steps down (`onLost`), before its lease can expire
   * and a successor can start, in milliseconds. @default 10_000
   */
  readonly renewDeadlineMs?: number;
  /** Called when this replica becomes leader. */
  readonly onAcquired?: () => void;
  /** Called when this replica stops being leader other than by `release()`; the reason names the new holder. */
  readonly onLost?: (reason: string) => void;
  /** Failed reads and writes; the elector keeps trying. */
  readonly onError?: (error: KubeApiError) => void;
  /** A monotonic clock in milliseconds, for judging expiry. @default performance.now */
  readonly now?: () => number;
}

/** Leader election on a coordination.k8s.io/v1 Lease. */
export interface LeaderElector {
  /** Tries at once, then every renew interval, until released. Idempotent. */
  start(): void;
  /** One attempt: create, renew or take over the Lease if it may. Resolves whether this replica leads now. */
  tryAcquireOrRenew(): Promise<boolean>;
  isLeader(): boolean;
  /** Stops trying and, if leading, empties `holderIdentity` so a successor takes over at its next attempt. */
  release(): Promise<void>;
}

/** What one attempt should do with the Lease it read. */
export type LeaseAction = 'create' | 'renew' | 'take-over' | 'wait';

/**
 * Decides one attempt. Expiry is judged by how long ago this replica first saw the Lease's current version
 * (`observedForMs`, on its own monotonic clock), not by `renewTime`, so clock skew between machines cannot
 * make a live leader look expired.
 */
export function leaseAction(
  spec: { holderIdentity?: string; leaseDurationSeconds?: number } | undefined,
  identity: string,
  observedForMs: number,
): LeaseAction {
  if (!spec) return 'create';
  if (spec.holderIdentity === identity) return 'renew';
  if (!spec.holderIdentity) return 'take-over';
  return observedForMs >= (spec.leaseDurationSeconds ?? 15) * 1000 ? 'take-over' : 'wait';
}

/**
 * A LeaderElector over client-node's CoordinationV1Api. Every write carries the resourceVersion it read, so of
 * two replicas racing for an expired or released Lease exactly one wins (the other gets 409 Conflict).
 * @example
 * const elector = createLeaderElector(config, { namespace: 'battery-core', identity: podName,
 *   onLost: () => process.exit(1) });
 * elector.start();
 * process.on('SIGTERM', () => elector.release());
 */
export function createLeaderElector(config: KubeConfig, options: LeaderElectionOptions): LeaderElector {
  const api = config.makeApiClient(CoordinationV1Api);
  const name = options.name ?? LEASE_NAME;
  const { namespace, identity } = options;
  const ref = `Lease.coordination.k8s.io/${namespace}/${name}`;
  const leaseDurationSeconds = options.leaseDurationSeconds ?? 15;
  const renewIntervalMs = options.renewIntervalMs ?? 5000;
  const renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  let leader = false;
  let lastRenewed = -Infinity;
  let observed = { resourceVersion: '', at: now() };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt: Promise<boolean> | undefined;

  function becomeLeader(value: boolean, reason: string): void {
    if (value === leader) return;
    leader = value;
    if (value) options.onAcquired?.();
    else options.onLost?.(reason);
  }

  function observe(lease: V1Lease | undefined): void {
    const resourceVersion = lease?.metadata?.resourceVersion ?? '';
    if (resourceVersion !== observed.resourceVersion) observed = { resourceVersion, at: now() };
  }

  async function read(): Promise<V1Lease | undefined> {
    try {
      return await api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (toKubeApiError(ref, error).status === 404) return undefined;
      throw error;
    }
  }

  async function write(lease: V1Lease | undefined, action: Exclude<LeaseAction, 'wait'>): Promise<V1Lease> {
    const at = new V1MicroTime();
    const spec = lease?.spec ?? {};
    if (action === 'create') {
      return api.createNamespacedLease({
        namespace,
        body: {
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds,
            acquireTime: at,
            renewTime: at,
            leaseTransitions: 0,
          },
        },
      });
    }
    const takingOver = action === 'take-over';
    return api.replaceNamespacedLease({
      name,
      namespace,
      body: {
        metadata: { name, namespace, resourceVersion: lease?.metadata?.resourceVersion },
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds,
          // client-node hands MicroTimes back as strings; send them back as MicroTimes.
          acquireTime: takingOver || !spec.acquireTime ? at : new V1MicroTime(String(spec.acquireTime)),
          renewTime: at,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver ? 1 : 0),
        },
      },
    });
  }

  async function attemptOnce(): Promise<boolean> {
    try {
      const lease = await read();
      observe(lease);
      const action = leaseAction(lease?.spec, identity, now() - observed.at);
      if (action === 'wait') {
        becomeLeader(false, `the Lease is held by ${lease?.spec?.holderIdentity}`);
        return false;
      }
      const written = await write(lease, action);
      observe(written);
      lastRenewed = now();
      becomeLeader(true, '');
      return true;
    } catch (error) {
      const apiError = toKubeApiError(ref, error);
      // A 409 only means another replica wrote first; the next attempt reads who.
      if (apiError.status !== 409) options.onError?.(apiError);
      if (leader && now() - lastRenewed > renewDeadlineMs) {
        becomeLeader(false, `could not renew the Lease for ${renewDeadlineMs} ms: ${apiError.message}`);
      }
      return leader;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      void elector.tryAcquireOrRenew().finally(schedule);
    }, renewIntervalMs);
  }

  const elector: LeaderElector = {
    start() {
      if (timer || attempt || stopped) return;
      void elector.tryAcquireOrRenew().finally(schedule);
    },
    tryAcquireOrRenew() {
      // One attempt at a time: a manual call during a scheduled one shares its result.
      attempt ??= attemptOnce().finally(() => (attempt = undefined));
      return attempt;
    },
    isLeader: () => leader,
    async release() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await attempt;
      if (!leader) return;
      leader = false;
      try {
        const lease = await read();
        if (lease?.spec?.holderIdentity !== identity) return;
        await api.replaceNamespacedLease({
          name,
          namespace,
          body: {
            metadata: { name, namespace, resourceVersion: lease.metadata?.resourceVersion },
            spec: {
              ...lease.spec,
              holderIdentity: '',
              leaseDurationSeconds: 1,
              renewTime: new V1MicroTime(),
            },
          },
        });
      } catch (error) {
        // Not fatal: the Lease then simply expires.
        options.onError?.(toKubeApiError(ref, error));
      }
    },
  };
  return elector;
}
