import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import type { Logger } from 'pino';
import type { BundleResolver } from '../bundles/resolve-bundles.js';
import type { EventBus } from '../engine/event-bus.js';
import type { Discovery } from '../kube/discovery.js';
import type { Store } from '../store/store.js';

/** What the operator's watch cache holds now: the Battery objects and every live object by canonical key. */
export interface ClusterView {
  batteries(): readonly KubeObject[];
  /** Instance objects (PostgresCluster, ...). Absent: none. */
  instances?(): readonly KubeObject[];
  live(): ReadonlyMap<string, KubeObject>;
}

/** Everything the API needs from the operator process; `main.ts` wires the real ones. */
export interface ApiOptions {
  store: Store;
  /** Writes go to the API server as Battery objects; reads of single Battery objects are fresh from it. */
  config: KubeConfig;
  /** Shared with the operator so both learn new kinds together. @default a new one */
  discovery?: Discovery;
  /** The operator's cache: lists, readiness and previews read it, never the API server. */
  view: ClusterView;
  bus: EventBus;
  /**
   * The operator's upstream bundle resolver: previews obtain the bundles the proposed batteries declare through it,
   * as a pass does (from memory once a pass has them). @default none: batteries built on a bundle preview as failed
   */
  bundles?: Pick<BundleResolver, 'resolve'>;
  /** Asks the operator for a pass (after its debounce). */
  requestPass: (reason: string) => void;
  /** The admin bearer token (see `ensureApiTokens`), read per request so a rotation needs no restart. */
  token: () => string | Promise<string>;
  /** The read-only viewer token, likewise. @default none: only the admin token is accepted */
  viewerToken?: () => string | undefined | Promise<string | undefined>;
  /** Event streams one token may hold open. @default 8 */
  maxStreamsPerToken?: number;
  /**
   * Whether the operator's cache has synced. Until it has, routes that read the cache answer 503 `not-ready`
   * rather than an empty or misleading view. @default always ready
   */
  isReady?: () => boolean | Promise<boolean>;
  /** The operator's retention, named when a rollback target was reaped. @default 1000 */
  keepPasses?: number;
  /** Built console files served at `/`, with SPA fallback. @default none: `/` answers 404 */
  consoleDir?: string;
  /**
   * Where the named metric queries go (a VictoriaMetrics base URL, e.g. `http://127.0.0.1:8428`); without it, the
   * victoria-metrics battery's in-cluster Service when that battery is installed. @default none
   */
  victoriaMetricsUrl?: string;
  /**
   * Keycloak's base URL as the operator reaches it, for the realm's signing keys when sso is installed.
   * @default the keycloak battery's Service
   */
  keycloakUrl?: string;
  /** SSE keep-alive comment interval, in milliseconds. @default 15_000 */
  keepAliveMs?: number;
  logger?: Logger;
}
