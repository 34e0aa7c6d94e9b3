import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@batteries-included/batteries';
import type { Logger } from 'pino';
import type { EventBus } from '../engine/event-bus.js';
import type { Discovery } from '../kube/discovery.js';
import type { Store } from '../store/store.js';

/** What the operator's watch cache holds now: the Battery objects and every live object by canonical key. */
export interface ClusterView {
  batteries(): readonly KubeObject[];
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
  /** Asks the operator for a pass (after its debounce). */
  requestPass: (reason: string) => void;
  /** The bearer token every `/api/v1` request must carry (see `ensureApiToken`). */
  token: () => string | Promise<string>;
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
   * Keycloak's base URL as the operator reaches it, for the realm's signing keys when sso is installed.
   * @default the keycloak battery's Service
   */
  keycloakUrl?: string;
  /** SSE keep-alive comment interval, in milliseconds. @default 15_000 */
  keepAliveMs?: number;
  logger?: Logger;
}
