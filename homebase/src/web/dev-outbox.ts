const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * Throws unless the dev outbox page may be served at `baseUrl`: it lists every queued mail, confirmation and
 * reset links included, so anyone who can load it can take over any account. Only plain http on a loopback host
 * (127.0.0.0/8, localhost, ::1) — a developer's machine — may turn it on.
 */
export function assertDevOutboxAllowed(baseUrl: string): void {
  const url = new URL(baseUrl);
  const isLoopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'http:' || !isLoopback) {
    throw new Error(
      `the dev outbox (HOME_BASE_DEV_OUTBOX) shows every confirmation and reset link, so it is served only in ` +
        `development on a plain-http loopback base URL; refused for ${url.origin}`,
    );
  }
}
