import type { MiddlewareHandler } from 'hono';

/**
 * The console's Content Security Policy: its own scripts, styles and API only (Vite emits files, no inline
 * script; React sets styles through the DOM, which style-src does not govern), images from itself and `data:`
 * (the favicon), no plugins, no framing, no `<base>` tricks, forms only back to itself. `connectOrigins` are origins
 * the console may also fetch from: Keycloak's, whose token endpoint it calls to finish a sign-in (PKCE).
 * @example consoleCsp(['https://keycloak.example.com'])
 */
export function consoleCsp(connectOrigins: readonly string[] = []): string {
  const connect = ["'self'", ...connectOrigins].join(' ');
  return (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    `connect-src ${connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`
  );
}

export const CONSOLE_CSP = consoleCsp();

export interface SecurityHeadersOptions {
  /** Origins the console may fetch from besides its own, read per response (sso comes and goes). @default none */
  connectOrigins?: () => readonly string[];
}

/**
 * Security headers on every response of the control server (console, API, health): the CSP, no framing
 * (`X-Frame-Options` for old browsers beside `frame-ancestors`), no MIME sniffing, no referrer beyond the origin,
 * and API answers never cached.
 */
export function securityHeaders({ connectOrigins }: SecurityHeadersOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    if (!headers.has('content-security-policy'))
      headers.set('content-security-policy', connectOrigins ? consoleCsp(connectOrigins()) : CONSOLE_CSP);
    headers.set('x-frame-options', 'DENY');
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'same-origin');
    headers.set('cross-origin-opener-policy', 'same-origin');
    if (c.req.path.startsWith('/api/') && !headers.has('cache-control'))
      headers.set('cache-control', 'no-store');
  };
}
