import type { MiddlewareHandler } from 'hono';

/**
 * Security headers on every response: a CSP with no inline script or style (the copy button is `/static/copy.js`),
 * no framing, no MIME sniffing, no referrer leaks of tokens in URLs, and HSTS when served over https.
 */
export function securityHeaders({ isHttps }: { isHttps: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    headers.set('x-frame-options', 'DENY');
    headers.set('x-content-type-options', 'nosniff');
    // same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` on form posts, which the
    // same-origin check must refuse; other sites still get no referrer (no tokens from URLs leak).
    headers.set('referrer-policy', 'same-origin');
    headers.set('cross-origin-opener-policy', 'same-origin');
    headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (isHttps) headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  };
}
