import type { KubeObject } from '@batteries-included/batteries';
import type { BackoffOptions } from './backoff.js';
import type { KubeApiError } from './errors.js';

// The informer's public shapes; `informer.ts` is the list-watch machinery behind them.

export type InformerEventType = 'add' | 'update' | 'delete';

/** One change the informer saw, delivered after its own store was updated. */
export interface InformerEvent {
  readonly type: InformerEventType;
  /** The canonical key, `objectKey(object)`. */
  readonly key: string;
  /** The object as it is now; for `delete`, as it was last seen. Deep-frozen. */
  readonly object: KubeObject;
  /** For `update`, the object as it was before, so a listener can tell a status-only change. */
  readonly previous?: KubeObject;
  /**
   * Approximate time from the change on the server to its delivery here, in milliseconds, from the object's
   * own timestamps (second resolution, so up to 1 s high). Only watch events carry it; re-list events do not.
   */
  readonly lagMs?: number;
}

export type InformerListener = (event: InformerEvent) => void;

export interface InformerOptions {
  /** The collection path, e.g. `/apis/apps/v1/deployments` (all namespaces) or `/api/v1/namespaces/x/configmaps`. */
  readonly path: string;
  /** Stamped on list items, which the API server sends without `apiVersion`/`kind`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** Only objects matching this label selector, e.g. `app.kubernetes.io/managed-by=batteries-included`. */
  readonly labelSelector?: string;
  /** Only objects matching this field selector, e.g. `metadata.name=api-token` (one object, watched). */
  readonly fieldSelector?: string;
  /** Objects per list page. @default 500 */
  readonly pageSize?: number;
  /** Backoff between failed lists and watches. @default see BackoffOptions */
  readonly backoff?: BackoffOptions;
  /**
   * How long the server keeps one watch open, in seconds; the informer then re-watches from its last resource
   * version. Spread at random so many informers do not reconnect together. @default 300–600 at random
   */
  readonly watchTimeoutSeconds?: number;
  /** Applied to every object before it is stored, e.g. to drop large fields nobody reads. */
  readonly transform?: (object: KubeObject) => KubeObject;
  /** Failed lists and watches, and listeners that threw. The informer keeps going. */
  readonly onError?: (error: KubeApiError) => void;
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** What an informer is doing, for metrics and for error messages that say why a cache is not synced. */
export interface InformerStatus {
  readonly synced: boolean;
  /** The resource version the next watch starts from; empty before the first list. */
  readonly resourceVersion: string;
  readonly objects: number;
  /** Completed lists (the first one, and one after every 410 Gone). */
  readonly lists: number;
  /** Watches opened. */
  readonly watches: number;
  /** Failures since the last success; drives the backoff. */
  readonly consecutiveFailures: number;
  readonly lastError?: KubeApiError;
  /** `lagMs` of the last watch event that carried one. */
  readonly lastLagMs?: number;
}

/** A list+watch mirror of one collection. */
export interface Informer {
  /** Lists, then watches from the list's resource version, until stopped. Idempotent. */
  start(): void;
  /** Aborts the request in flight and any backoff timer; resolves when nothing is left running. */
  stop(): Promise<void>;
  /** True once the first list has been stored (and from then on, as in client-go). */
  hasSynced(): boolean;
  /** Resolves true on the first sync, or false if the informer is stopped first. */
  waitForSync(): Promise<boolean>;
  /** Adds a listener; returns the function that removes it. */
  on(listener: InformerListener): () => void;
  /** The stored objects (deep-frozen), in no particular order. */
  list(): KubeObject[];
  get(key: string): KubeObject | undefined;
  status(): InformerStatus;
  /** Ends a backoff wait now, e.g. when the kind's CRD has just become Established again. */
  wake(): void;
}
