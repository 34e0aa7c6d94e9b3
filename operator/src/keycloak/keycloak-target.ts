import {
  isKeycloakObject,
  platformSettings,
  SSO_REALM,
  type KubeObject,
} from '@batteries-included/batteries';
import type { ApplyPort } from '../engine/apply/apply-port.js';
import type { PlanInventory } from '../engine/plan/inventory.js';
import { utf8OfBase64 } from '../engine/plan/base64.js';
import { TargetUnavailableError } from '../engine/apply/target-unavailable.js';
import { createKeycloakAdmin, type KeycloakAdmin } from './admin-client.js';
import { createKeycloakPort } from './keycloak-port.js';
import { readKeycloak } from './read-keycloak.js';

export interface KeycloakTargetOptions {
  /**
   * Keycloak's base URL as the operator reaches it. Default: the keycloak battery's Service,
   * `http://keycloak.<core namespace>.svc:8080`. Set it when the operator runs outside the cluster (and in tests).
   */
  url?: string;
  /** Per admin request. Default 30 s. */
  timeoutMs?: number;
}

/** What Prepare learned about Keycloak for one pass. */
export interface PreparedKeycloak {
  /** `unused`: nothing to manage (sso not installed, nothing recorded); `unavailable`: `message` says why. */
  status: 'ready' | 'unavailable' | 'unused';
  message?: string;
  /** Live Keycloak objects by canonical key; empty unless ready. */
  live: ReadonlyMap<string, KubeObject>;
  /** Where the pass's Keycloak objects are applied; when not ready, every write waits (`TargetUnavailableError`). */
  port: ApplyPort;
}

export interface KeycloakPrepareInput {
  /** Battery specs by type (the snapshot's). */
  batteries: Readonly<Record<string, unknown>>;
  /** The cluster's live objects (the keycloak battery's admin Secret is read from here). */
  live: ReadonlyMap<string, KubeObject>;
  inventory: PlanInventory | undefined;
}

/** Keycloak as a second apply target of the pass (DESIGN §5 "Other targets"). */
export interface KeycloakTarget {
  prepare(input: KeycloakPrepareInput): Promise<PreparedKeycloak>;
  /**
   * Keycloak's objects as the latest Prepare read them (empty until one did, or while Keycloak is unusable): what the
   * API's previews plan against, as the cache is for the cluster.
   */
  lastRead(): ReadonlyMap<string, KubeObject>;
}

/** The keycloak battery's administrator Secret (`keycloak-admin` in the core namespace). */
const ADMIN_SECRET = 'keycloak-admin';

/**
 * Reads Keycloak in Prepare — only while the sso battery is installed or earlier passes recorded Keycloak objects —
 * with the administrator from the keycloak battery's Secret, at `url` or the battery's Service. The admin client
 * (and its token) is kept while the address and credentials stay the same.
 */
export function createKeycloakTarget(options: KeycloakTargetOptions = {}): KeycloakTarget {
  let cached: CachedAdmin | undefined;
  let last: ReadonlyMap<string, KubeObject> = new Map();
  const prepare = async ({ batteries, live, inventory }: KeycloakPrepareInput): Promise<PreparedKeycloak> => {
    const recorded = [...(inventory?.values() ?? [])].filter((entry) => isKeycloakObject(entry));
    if (!Object.hasOwn(batteries, 'sso') && recorded.length === 0) return unused();
    if (!Object.hasOwn(batteries, 'keycloak'))
      return unavailable('the keycloak battery is not installed', { isGone: true });
    const found = keycloakAdminOf(batteries, live, options, cached);
    if (typeof found === 'string') return unavailable(found);
    cached = found;
    const url = found.admin.url;
    const realms = [SSO_REALM, ...recorded.map((entry) => entry.namespace ?? entry.name)];
    try {
      const objects = await readKeycloak(cached.admin, realms);
      return { status: 'ready', live: objects, port: createKeycloakPort(cached.admin) };
    } catch (error) {
      if (error instanceof TargetUnavailableError)
        return unavailable(error.message.replace(/^keycloak: /, ''));
      return unavailable(`reading ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    async prepare(input) {
      const prepared = await prepare(input);
      last = prepared.live;
      return prepared;
    },
    lastRead: () => last,
  };
}

/** A cached admin client, keyed by address and credentials. */
interface CachedAdmin {
  key: string;
  admin: KeycloakAdmin;
}

/**
 * The admin client of the keycloak battery's Keycloak: the administrator from its Secret `keycloak-admin` in the
 * live objects, at `options.url` or the battery's Service. Reuses `cached` while address and credentials are the
 * same (its token too). A string says why there is none. The pass's Prepare and the API's user routes share it.
 */
export function keycloakAdminOf(
  batteries: Readonly<Record<string, unknown>>,
  live: ReadonlyMap<string, KubeObject>,
  options: KeycloakTargetOptions,
  cached?: CachedAdmin,
): CachedAdmin | string {
  if (!Object.hasOwn(batteries, 'keycloak')) return 'the keycloak battery is not installed';
  const { namespaces } = platformSettings({ batteries: { ...batteries }, live: {}, secretMaterial: {} });
  const credentials = adminCredentials(live, namespaces.core);
  if (!credentials)
    return `waiting for the Secret ${namespaces.core}/${ADMIN_SECRET} (the Keycloak administrator)`;
  const url = options.url ?? `http://keycloak.${namespaces.core}.svc:8080`;
  const key = `${url}\u0000${credentials.username}\u0000${credentials.password}`;
  if (cached?.key === key) return cached;
  return { key, admin: createKeycloakAdmin({ url, ...credentials, timeoutMs: options.timeoutMs }) };
}

function adminCredentials(
  live: ReadonlyMap<string, KubeObject>,
  namespace: string,
): { username: string; password: string } | undefined {
  const secret = live.get(`Secret/${namespace}/${ADMIN_SECRET}`);
  const data = (secret?.data ?? {}) as Record<string, string>;
  if (!data.username || !data.password) return undefined;
  return { username: utf8OfBase64(data.username), password: utf8OfBase64(data.password) };
}

function unused(): PreparedKeycloak {
  return {
    status: 'unused',
    live: new Map(),
    port: unavailablePort('sso is not installed', { isGone: false }),
  };
}

function unavailable(message: string, options: { isGone?: boolean } = {}): PreparedKeycloak {
  return { status: 'unavailable', message, live: new Map(), port: unavailablePort(message, options) };
}

/**
 * A port for a Keycloak that cannot be used: every write waits. Removing an object from a Keycloak that is no longer
 * installed succeeds (it went with Keycloak).
 */
export function unavailablePort(message: string, { isGone = false }: { isGone?: boolean } = {}): ApplyPort {
  const wait = () => Promise.reject(new TargetUnavailableError('keycloak', message));
  return {
    apply: wait,
    get: wait,
    setLabels: wait,
    delete: () => (isGone ? Promise.resolve() : wait()),
  };
}
