import type { HostRequest } from '../../model/host.js';
import type { PlatformNamespaces } from '../../model/settings.js';
import { KIALI, KIALI_PORT } from '../kiali/chart.js';
import { victoriaMetricsUrl } from '../victoria-metrics/endpoints.js';
import { oauth2ProxyBackend } from './oauth2-proxy.js';

/**
 * A battery UI single sign-on protects. `native` UIs sign in through Keycloak themselves (the console, Grafana's
 * generic OAuth); `oauth2-proxy` UIs get an oauth2-proxy in front (the original: notebooks, vm_agent,
 * victoria_metrics, and Kiali), and their route goes to it (`routedService`).
 */
export interface ProtectedUi {
  /** The battery whose UI this is; the client exists only while it is installed. */
  readonly battery: string;
  /** The Keycloak client id. */
  readonly client: string;
  /** The host name its public URL is derived from (`publicUrl`). */
  readonly host: string;
  readonly guard: 'native' | 'oauth2-proxy';
  /** A public client (a browser app with PKCE) has no secret. */
  readonly isPublicClient: boolean;
  /** Where Keycloak sends the browser back after sign-in, under the public URL. */
  readonly callbackPath: string;
  /** The namespace of the UI, where its client's Secret (and oauth2-proxy) live. */
  readonly namespace: (namespaces: PlatformNamespaces) => string;
  /** For oauth2-proxy: the in-cluster URL it forwards signed-in requests to. */
  readonly upstream?: (namespaces: PlatformNamespaces) => string;
}

/** The protected UIs, sorted by client id. */
export const PROTECTED_UIS: readonly ProtectedUi[] = [
  {
    battery: 'core',
    client: 'control',
    host: 'control',
    guard: 'native',
    isPublicClient: true,
    callbackPath: '/auth/callback',
    namespace: (ns) => ns.core,
  },
  {
    battery: 'grafana',
    client: 'grafana',
    host: 'grafana',
    guard: 'native',
    isPublicClient: false,
    callbackPath: '/login/generic_oauth',
    namespace: (ns) => ns.core,
  },
  {
    battery: KIALI,
    client: KIALI,
    host: KIALI,
    guard: 'oauth2-proxy',
    isPublicClient: false,
    callbackPath: '/oauth2/callback',
    namespace: (ns) => ns.istio,
    upstream: (ns) => `http://${KIALI}.${ns.istio}.svc:${KIALI_PORT}`,
  },
  {
    battery: 'notebooks',
    client: 'notebooks',
    host: 'notebooks',
    guard: 'oauth2-proxy',
    isPublicClient: false,
    callbackPath: '/oauth2/callback',
    namespace: (ns) => ns.ai,
    upstream: (ns) => `http://jupyterlab.${ns.ai}.svc:8888`,
  },
  {
    battery: 'victoria-metrics',
    client: 'victoria-metrics',
    host: 'vmselect',
    guard: 'oauth2-proxy',
    isPublicClient: false,
    callbackPath: '/oauth2/callback',
    namespace: (ns) => ns.core,
    upstream: (ns) => victoriaMetricsUrl(ns),
  },
];

/**
 * The Service a battery's host routes to: while sso is installed, a UI it guards with oauth2-proxy is reached only
 * through its proxy (the proxy forwards signed-in requests to the UI); every other host goes to its own Service. When
 * sso cannot render its proxy (its spec invalid, keycloak missing) the route still points at the proxy: the UI is
 * unreachable rather than open.
 * @example routedService('notebooks', request, new Set(['sso']), namespaces) // { name: 'oauth2-proxy-notebooks', … }
 */
export function routedService(
  battery: string,
  request: HostRequest,
  installed: ReadonlySet<string>,
  namespaces: PlatformNamespaces,
): HostRequest['service'] {
  if (!installed.has('sso')) return request.service;
  const ui = PROTECTED_UIS.find(
    (candidate) =>
      candidate.guard === 'oauth2-proxy' && candidate.battery === battery && candidate.host === request.name,
  );
  if (!ui) return request.service;
  const { serviceName, port } = oauth2ProxyBackend(ui.client);
  return { namespace: ui.namespace(namespaces), name: serviceName, port };
}

/** Client ids the batteries use; a user service's client may not take one. */
export const BATTERY_CLIENT_IDS: readonly string[] = PROTECTED_UIS.map((ui) => ui.client);

/** The Secret holding a client's credentials (`client-id`, `client-secret`, and for oauth2-proxy `cookie-secret`). */
export function clientSecretName(client: string): string {
  return `sso-${client}`;
}

/** Keys of a client's Secret (`client-id`, `client-secret`, `issuer-url`; `cookie-secret` for oauth2-proxy, `app-url` for native apps). */
export const CLIENT_SECRET_KEYS = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  cookieSecret: 'cookie-secret',
  issuerUrl: 'issuer-url',
  /** The app's public base URL (Grafana's `root_url`, from which it derives its callback). */
  appUrl: 'app-url',
} as const;
