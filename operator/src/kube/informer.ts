import { STATUS_CODES } from 'node:http';
import { ApiException, Watch, type KubeConfig } from '@kubernetes/client-node';
import { objectKey, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { toKubeApiError, type KubeApiError } from './errors.js';
import { deepFreeze } from './freeze.js';
import { requestJson } from './json-request.js';
import { watchEventLag } from './lag.js';

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

/** How one list or watch ended: fine, 410 Gone (list again), or an error (back off). */
type Outcome = 'ok' | 'relist' | 'failed';

/** A watch that ends sooner than this without delivering anything counts as a failure, so it backs off. */
const HEALTHY_WATCH_MS = 1000;
/** How long past its timeoutSeconds a watch may stay open before it is presumed dead. */
const WATCH_GRACE_SECONDS = 30;

/**
 * An informer on client-node 1.4's `Watch`: list (paged) with a resource version, watch from it with
 * bookmarks, re-list on 410 Gone/Expired, re-watch when the server ends a watch, exponential backoff with
 * jitter on errors. client-node's own `makeInformer` is not used: it stops for good on the first error,
 * has no backoff or sync state, and can leave a watch open when stopped during a list.
 * @example
 * const informer = createInformer(config, { path: '/api/v1/configmaps', apiVersion: 'v1', kind: 'ConfigMap',
 *   labelSelector: MANAGED_SELECTOR });
 * informer.on((event) => console.log(event.type, event.key));
 * informer.start();
 * await informer.waitForSync();
 */
export function createInformer(config: KubeConfig, options: InformerOptions): Informer {
  const now = options.now ?? Date.now;
  const watcher = new Watch(config);
  const listeners = new Set<InformerListener>();
  const store = new Map<string, KubeObject>();
  const ref = describe(options);
  let resourceVersion = '';
  let synced = false;
  let stopped = false;
  let loop: Promise<void> | undefined;
  const counters = { lists: 0, watches: 0, consecutiveFailures: 0 };
  /** Watch events since the last list: a 410 with none means the fresh list was already too old. */
  let eventsSinceList = 0;
  let lastError: KubeApiError | undefined;
  let lastLagMs: number | undefined;
  let pageSize: number | undefined = options.pageSize ?? 500;
  let listAbort: AbortController | undefined;
  let watchAbort: AbortController | undefined;
  let wakeUp: (() => void) | undefined;
  const syncWaiters = new Set<(synced: boolean) => void>();

  function report(error: unknown): void {
    lastError = toKubeApiError(ref, error);
    options.onError?.(lastError);
  }

  function emit(event: InformerEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        report(error);
      }
    }
  }

  function prepare(raw: Record<string, unknown>): KubeObject {
    const stamped = { ...raw, apiVersion: options.apiVersion, kind: options.kind } as KubeObject;
    return deepFreeze(options.transform ? options.transform(stamped) : stamped);
  }

  function put(object: KubeObject, lagMs?: number): void {
    const key = objectKey(object);
    const previous = store.get(key);
    if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion) return;
    store.set(key, object);
    emit(previous ? { type: 'update', key, object, previous, lagMs } : { type: 'add', key, object, lagMs });
  }

  function forget(object: KubeObject, lagMs?: number): void {
    const key = objectKey(object);
    const previous = store.get(key);
    if (!store.delete(key)) return;
    emit({ type: 'delete', key, object: previous ?? object, lagMs });
  }

  async function relist(): Promise<Outcome> {
    const abort = new AbortController();
    listAbort = abort;
    let continueToken: string | undefined;
    try {
      const items: Record<string, unknown>[] = [];
      let listVersion = '';
      do {
        const page = await requestJson<ListBody>(config, {
          path: options.path,
          query: { labelSelector: options.labelSelector, limit: pageSize, continue: continueToken },
          signal: abort.signal,
        });
        if (!listVersion) listVersion = page.metadata?.resourceVersion ?? '';
        items.push(...(page.items ?? []));
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      if (stopped) return 'ok';
      const fresh = new Map<string, KubeObject>();
      for (const item of items) {
        const object = prepare(item);
        fresh.set(objectKey(object), object);
      }
      for (const [key, previous] of store) if (!fresh.has(key)) forget(previous);
      for (const object of fresh.values()) put(object);
      resourceVersion = listVersion;
      eventsSinceList = 0;
      counters.lists += 1;
      pageSize = options.pageSize ?? 500;
      if (!synced) {
        synced = true;
        for (const resolve of syncWaiters) resolve(true);
        syncWaiters.clear();
      }
      return 'ok';
    } catch (error) {
      if (stopped) return 'ok';
      // The continue token outlived its snapshot: list again in one piece.
      if (continueToken !== undefined && statusOf(error) === 410) {
        pageSize = undefined;
        return 'relist';
      }
      report(error);
      return 'failed';
    } finally {
      listAbort = undefined;
    }
  }

  /** Resolves when the watch ends; a watch that delivered events or lasted a while resets the backoff. */
  function watchOnce(): Promise<Outcome> {
    return new Promise((resolve) => {
      const startedAt = now();
      let delivered = 0;
      let gone = false;
      let failure: unknown;
      let finished = false;
      let healthyTimer: ReturnType<typeof setTimeout> | undefined;
      let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
      let overdue = false;

      const onEvent = (phase: string, raw: Record<string, unknown>) => {
        try {
          if (phase === 'ERROR') {
            const status = raw as { code?: number; reason?: string; message?: string };
            if (status.code === 410) gone = true;
            else failure = new ApiException(status.code ?? 500, status.message ?? 'watch error', status, {});
            return;
          }
          delivered += 1;
          eventsSinceList += 1;
          counters.consecutiveFailures = 0;
          const version = (raw.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
          if (phase === 'BOOKMARK') {
            if (version) resourceVersion = version;
            return;
          }
          const object = prepare(raw);
          const lagMs = watchEventLag(phase, object, now());
          if (lagMs !== undefined) lastLagMs = lagMs;
          if (phase === 'DELETED') forget(object, lagMs);
          else put(object, lagMs);
          if (version) resourceVersion = version;
        } catch (error) {
          // client-node's Watch swallows exceptions thrown by the callback; report them instead.
          report(error);
        }
      };

      const done = (error: unknown) => {
        if (finished) return;
        finished = true;
        clearTimeout(healthyTimer);
        clearTimeout(deadlineTimer);
        watchAbort = undefined;
        if (stopped || overdue) return resolve('ok');
        const status = statusOf(error);
        if (gone || status === 410) return resolve('relist');
        const healthy = delivered > 0 || now() - startedAt >= HEALTHY_WATCH_MS;
        if (healthy) counters.consecutiveFailures = 0;
        if (error || failure) {
          const message = (error as Error | undefined)?.message ?? '';
          report(status ? new ApiException(status, message, httpStatusBody(status), {}) : (error ?? failure));
          return resolve('failed');
        }
        if (!healthy) {
          report(new Error('the API server ended the watch at once'));
          return resolve('failed');
        }
        resolve('ok');
      };

      counters.watches += 1;
      const timeoutSeconds = options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      const query = {
        resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: options.labelSelector,
        timeoutSeconds,
      };
      watcher.watch(options.path, query, onEvent, done).then(
        (controller) => {
          // Watch resolves only once the response headers are in; stop() may have come in meanwhile.
          if (finished) return;
          watchAbort = controller;
          if (stopped) return controller.abort();
          // Connected; once it has stayed up a while, the outage is over even if nothing changed.
          healthyTimer = setTimeout(() => (counters.consecutiveFailures = 0), HEALTHY_WATCH_MS);
          // The server ends every watch after timeoutSeconds. One still open well after that is a half-open
          // connection nobody will ever close (client-node's Watch has no client-side timeout): drop it.
          deadlineTimer = setTimeout(
            () => {
              overdue = true;
              controller.abort();
            },
            (timeoutSeconds + WATCH_GRACE_SECONDS) * 1000,
          );
        },
        (error: unknown) => done(error),
      );
    });
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = finish;
    });
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const listing = resourceVersion === '';
      const outcome = listing ? await relist() : await watchOnce();
      if (stopped) return;
      if (outcome === 'ok') {
        counters.consecutiveFailures = 0;
        continue;
      }
      if (outcome === 'relist') {
        resourceVersion = '';
        // A 410 straight after a fresh list (no events in between) would loop without pause: back off.
        if (listing || eventsSinceList > 0) continue;
      }
      counters.consecutiveFailures += 1;
      await sleep(backoffDelay(counters.consecutiveFailures, options.backoff));
    }
  }

  return {
    start() {
      if (loop || stopped) return;
      loop = run();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      listAbort?.abort();
      watchAbort?.abort();
      for (const resolve of syncWaiters) resolve(false);
      syncWaiters.clear();
      await loop;
    },
    hasSynced: () => synced,
    waitForSync() {
      if (synced) return Promise.resolve(true);
      if (stopped) return Promise.resolve(false);
      return new Promise((resolve) => syncWaiters.add(resolve));
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: () => [...store.values()],
    get: (key) => store.get(key),
    status: () => ({
      synced,
      resourceVersion,
      objects: store.size,
      ...counters,
      ...(lastError ? { lastError } : {}),
      ...(lastLagMs !== undefined ? { lastLagMs } : {}),
    }),
    wake: () => wakeUp?.(),
  };
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: Record<string, unknown>[];
}

/** The string errors name the collection by, e.g. `ConfigMap [app.kubernetes.io/managed-by=batteries-included]`. */
function describe(options: InformerOptions): string {
  const { group } = splitApiVersion(options.apiVersion);
  const kind = group ? `${options.kind}.${group}` : options.kind;
  return options.labelSelector ? `${kind} [${options.labelSelector}]` : kind;
}

function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.code === 'number') return e.code;
  return undefined;
}

/** client-node's Watch does not read the body of a refused watch; name the status at least. */
function httpStatusBody(status: number): { reason: string; message: string } {
  const text = STATUS_CODES[status] ?? 'Unknown';
  return {
    reason: text.replace(/[^A-Za-z]/g, ''),
    message: `the API server answered the watch with ${status} ${text}`,
  };
}
