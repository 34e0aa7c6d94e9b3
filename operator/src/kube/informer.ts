import { STATUS_CODES } from 'node:http';
import { ApiException, Watch, type KubeConfig } from '@kubernetes/client-node';
import { objectKey, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { backoffDelay } from './backoff.js';
import { toKubeApiError, type KubeApiError } from './errors.js';
import { deepFreeze } from './freeze.js';
import { requestJson } from './json-request.js';
import { watchEventLag } from './lag.js';
import type {
  Informer,
  InformerEvent,
  InformerListener,
  InformerOptions,
  InformerStatus,
} from './informer-types.js';

export type {
  Informer,
  InformerEvent,
  InformerEventType,
  InformerListener,
  InformerOptions,
  InformerStatus,
} from './informer-types.js';

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
  return new ListWatchInformer(config, options);
}

/** How one watch ends, as its callbacks report it. */
interface WatchRun {
  readonly startedAt: number;
  /** Events (and bookmarks) it delivered. */
  delivered: number;
  /** The server sent 410 Gone: the resource version is too old, list again. */
  isGone: boolean;
  /** An ERROR event other than 410, kept to report when the watch ends. */
  failure?: unknown;
  isFinished: boolean;
  /** The watch outlived its timeout plus grace and was dropped as dead: not a failure. */
  isOverdue: boolean;
  healthyTimer?: ReturnType<typeof setTimeout>;
  deadlineTimer?: ReturnType<typeof setTimeout>;
}

class ListWatchInformer implements Informer {
  private readonly now: () => number;
  private readonly watcher: Watch;
  /** The string errors name the collection by. */
  private readonly ref: string;
  private readonly listeners = new Set<InformerListener>();
  /** The mirror: the collection's objects by canonical key, deep-frozen. */
  private readonly store = new Map<string, KubeObject>();
  private readonly syncWaiters = new Set<(synced: boolean) => void>();

  /** Where the next watch starts; empty means list first (at start, and after 410 Gone). */
  private resourceVersion = '';
  /** The first list has been stored (and stays true, as in client-go). */
  private synced = false;
  private stopped = false;
  /** The list-watch loop, while started. */
  private loop: Promise<void> | undefined;
  private readonly counters = { lists: 0, watches: 0, consecutiveFailures: 0 };
  /** Watch events since the last list: a 410 with none means the fresh list was already too old. */
  private eventsSinceList = 0;
  private lastError: KubeApiError | undefined;
  private lastLagMs: number | undefined;
  /** Objects per list page; undefined lists in one piece (after a continue token outlived its snapshot). */
  private pageSize: number | undefined;
  /** What `stop()` cancels: the list or watch request in flight, and the backoff wait. */
  private listAbort: AbortController | undefined;
  private watchAbort: AbortController | undefined;
  private wakeUp: (() => void) | undefined;
  private backoffTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly config: KubeConfig,
    private readonly options: InformerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.watcher = new Watch(config);
    this.ref = describe(options);
    this.pageSize = options.pageSize ?? 500;
  }

  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.listAbort?.abort();
    this.watchAbort?.abort();
    for (const resolve of this.syncWaiters) resolve(false);
    this.syncWaiters.clear();
    await this.loop;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.add(resolve));
  }

  on(listener: InformerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): KubeObject[] {
    return [...this.store.values()];
  }

  get(key: string): KubeObject | undefined {
    return this.store.get(key);
  }

  status(): InformerStatus {
    return {
      synced: this.synced,
      resourceVersion: this.resourceVersion,
      objects: this.store.size,
      ...this.counters,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastLagMs !== undefined ? { lastLagMs: this.lastLagMs } : {}),
    };
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** List, then watch from the list's version, until stopped; failures back off, 410 Gone lists again. */
  private async run(): Promise<void> {
    while (!this.stopped) {
      const isListing = this.resourceVersion === '';
      const outcome = isListing ? await this.relist() : await this.watchOnce();
      if (this.stopped) return;
      if (outcome === 'ok') {
        this.counters.consecutiveFailures = 0;
        continue;
      }
      if (outcome === 'relist') {
        this.resourceVersion = '';
        // A 410 straight after a fresh list (no events in between) would loop without pause: back off.
        if (isListing || this.eventsSinceList > 0) continue;
      }
      this.counters.consecutiveFailures += 1;
      await this.sleep(backoffDelay(this.counters.consecutiveFailures, this.options.backoff));
    }
  }

  private report(error: unknown): void {
    this.lastError = toKubeApiError(this.ref, error);
    this.options.onError?.(this.lastError);
  }

  private emit(event: InformerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private prepare(raw: Record<string, unknown>): KubeObject {
    const { apiVersion, kind, transform } = this.options;
    const stamped = { ...raw, apiVersion, kind } as KubeObject;
    return deepFreeze(transform ? transform(stamped) : stamped);
  }

  private put(object: KubeObject, lagMs?: number): void {
    const key = objectKey(object);
    const previous = this.store.get(key);
    if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion) return;
    this.store.set(key, object);
    this.emit(
      previous ? { type: 'update', key, object, previous, lagMs } : { type: 'add', key, object, lagMs },
    );
  }

  private forget(object: KubeObject, lagMs?: number): void {
    const key = objectKey(object);
    const previous = this.store.get(key);
    if (!this.store.delete(key)) return;
    this.emit({ type: 'delete', key, object: previous ?? object, lagMs });
  }

  /** Lists every page, then replaces the mirror with it (deletes for what is gone, adds and updates for the rest). */
  private async relist(): Promise<Outcome> {
    const abort = new AbortController();
    this.listAbort = abort;
    let continueToken: string | undefined;
    try {
      const items: Record<string, unknown>[] = [];
      let listVersion = '';
      do {
        const page = await requestJson<ListBody>(this.config, {
          path: this.options.path,
          query: {
            labelSelector: this.options.labelSelector,
            fieldSelector: this.options.fieldSelector,
            limit: this.pageSize,
            continue: continueToken,
          },
          signal: abort.signal,
        });
        if (!listVersion) listVersion = page.metadata?.resourceVersion ?? '';
        items.push(...(page.items ?? []));
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      if (this.stopped) return 'ok';
      this.replaceAll(
        items.map((item) => this.prepare(item)),
        listVersion,
      );
      return 'ok';
    } catch (error) {
      if (this.stopped) return 'ok';
      // The continue token outlived its snapshot: list again in one piece.
      if (continueToken !== undefined && statusOf(error) === 410) {
        this.pageSize = undefined;
        return 'relist';
      }
      this.report(error);
      return 'failed';
    } finally {
      this.listAbort = undefined;
    }
  }

  private replaceAll(objects: readonly KubeObject[], listVersion: string): void {
    const fresh = new Map(objects.map((object) => [objectKey(object), object]));
    for (const [key, previous] of this.store) if (!fresh.has(key)) this.forget(previous);
    for (const object of fresh.values()) this.put(object);
    this.resourceVersion = listVersion;
    this.eventsSinceList = 0;
    this.counters.lists += 1;
    this.pageSize = this.options.pageSize ?? 500;
    if (this.synced) return;
    this.synced = true;
    for (const resolve of this.syncWaiters) resolve(true);
    this.syncWaiters.clear();
  }

  /** Resolves when the watch ends; a watch that delivered events or lasted a while resets the backoff. */
  private watchOnce(): Promise<Outcome> {
    return new Promise((resolve) => {
      const run: WatchRun = {
        startedAt: this.now(),
        delivered: 0,
        isGone: false,
        isFinished: false,
        isOverdue: false,
      };
      const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      const query = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.options.labelSelector,
        ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
        timeoutSeconds,
      };
      const done = (error: unknown) => {
        if (run.isFinished) return;
        run.isFinished = true;
        clearTimeout(run.healthyTimer);
        clearTimeout(run.deadlineTimer);
        this.watchAbort = undefined;
        resolve(this.watchEnded(run, error));
      };
      this.counters.watches += 1;
      this.watcher
        .watch(this.options.path, query, (phase, raw) => this.onWatchEvent(run, phase, raw), done)
        .then(
          (controller) => this.onWatchOpen(run, controller, timeoutSeconds),
          (error: unknown) => done(error),
        );
    });
  }

  private onWatchEvent(run: WatchRun, phase: string, raw: Record<string, unknown>): void {
    try {
      if (phase === 'ERROR') {
        const status = raw as { code?: number; reason?: string; message?: string };
        if (status.code === 410) run.isGone = true;
        else run.failure = new ApiException(status.code ?? 500, status.message ?? 'watch error', status, {});
        return;
      }
      run.delivered += 1;
      this.eventsSinceList += 1;
      this.counters.consecutiveFailures = 0;
      const version = (raw as Partial<KubeObject>).metadata?.resourceVersion;
      if (phase === 'BOOKMARK') {
        if (version) this.resourceVersion = version;
        return;
      }
      const object = this.prepare(raw);
      const lagMs = watchEventLag(phase, object, this.now());
      if (lagMs !== undefined) this.lastLagMs = lagMs;
      if (phase === 'DELETED') this.forget(object, lagMs);
      else this.put(object, lagMs);
      if (version) this.resourceVersion = version;
    } catch (error) {
      // client-node's Watch swallows exceptions thrown by the callback; report them instead.
      this.report(error);
    }
  }

  private onWatchOpen(run: WatchRun, controller: AbortController, timeoutSeconds: number): void {
    // Watch resolves only once the response headers are in; stop() may have come in meanwhile.
    if (run.isFinished) return;
    this.watchAbort = controller;
    if (this.stopped) return controller.abort();
    // Connected; once it has stayed up a while, the outage is over even if nothing changed.
    run.healthyTimer = setTimeout(() => (this.counters.consecutiveFailures = 0), HEALTHY_WATCH_MS);
    // The server ends every watch after timeoutSeconds. One still open well after that is a half-open
    // connection nobody will ever close (client-node's Watch has no client-side timeout): drop it.
    run.deadlineTimer = setTimeout(
      () => {
        run.isOverdue = true;
        controller.abort();
      },
      (timeoutSeconds + WATCH_GRACE_SECONDS) * 1000,
    );
  }

  private watchEnded(run: WatchRun, error: unknown): Outcome {
    if (this.stopped || run.isOverdue) return 'ok';
    const status = statusOf(error);
    if (run.isGone || status === 410) return 'relist';
    const isHealthy = run.delivered > 0 || this.now() - run.startedAt >= HEALTHY_WATCH_MS;
    if (isHealthy) this.counters.consecutiveFailures = 0;
    if (error || run.failure) {
      const message = (error as Error | undefined)?.message ?? '';
      this.report(
        status ? new ApiException(status, message, httpStatusBody(status), {}) : (error ?? run.failure),
      );
      return 'failed';
    }
    if (!isHealthy) {
      this.report(new Error('the API server ended the watch at once'));
      return 'failed';
    }
    return 'ok';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(this.backoffTimer);
        this.wakeUp = undefined;
        resolve();
      };
      this.backoffTimer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: Record<string, unknown>[];
}

/** The string errors name the collection by, e.g. `ConfigMap [app.kubernetes.io/managed-by=batteries-included]`. */
function describe(options: InformerOptions): string {
  const { group } = splitApiVersion(options.apiVersion);
  const kind = group ? `${options.kind}.${group}` : options.kind;
  const selectors = [options.labelSelector, options.fieldSelector].filter(Boolean).join(',');
  return selectors ? `${kind} [${selectors}]` : kind;
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
