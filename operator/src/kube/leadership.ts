import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeApiError } from './errors.js';
import { createLeaderElector, type LeaderElector } from './lease.js';

export interface LeadershipOptions {
  /** Namespace of the Lease. */
  namespace: string;
  /** This replica's identity in the Lease. */
  identity: string;
  /** Skip leader election: this process always leads (a single local operator). */
  withoutLeaderElection?: boolean;
  onError?: (error: KubeApiError) => void;
}

/** Whether this replica may write, with listeners for when that changes. */
export interface Leadership {
  isLeader(): boolean;
  /** Called each time this replica becomes leader. */
  onAcquired(listener: () => void): void;
  /** Called when this replica stops leading other than by `release()`, with the reason. */
  onLost(listener: (reason: string) => void): void;
  start(): void;
  release(): Promise<void>;
}

/**
 * Leader election on the operator's Lease, or none: without election this replica always leads and the listeners
 * are never called. Listeners may be added after creation (before `start`), so the parts that react to leadership
 * can be built after it.
 */
export function createLeadership(config: KubeConfig, options: LeadershipOptions): Leadership {
  const acquired = new Set<() => void>();
  const lost = new Set<(reason: string) => void>();
  const elector: LeaderElector | undefined = options.withoutLeaderElection
    ? undefined
    : createLeaderElector(config, {
        namespace: options.namespace,
        identity: options.identity,
        onAcquired: () => acquired.forEach((listener) => listener()),
        onLost: (reason) => lost.forEach((listener) => listener(reason)),
        onError: options.onError,
      });
  return {
    isLeader: () => elector?.isLeader() ?? true,
    onAcquired: (listener) => void acquired.add(listener),
    onLost: (listener) => void lost.add(listener),
    start: () => elector?.start(),
    release: async () => elector?.release(),
  };
}
