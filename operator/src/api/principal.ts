import type { Context, MiddlewareHandler } from 'hono';
import { VIEWER_POSTS } from './auth.js';
import { ApiProblem } from './problem.js';

/** What a principal may do: `admin` edits, `viewer` reads. */
export type Role = 'admin' | 'viewer';

/**
 * Who a request comes from, whichever way it was authenticated: an API token (`token`: the admin token, the
 * bootstrap and break-glass path, or the read-only viewer token) or a Keycloak session (`oidc`, its role from the
 * user's groups). Role checks read only this.
 */
export interface Principal {
  /** `api-token`, `viewer-token`, or the Keycloak user name. */
  name: string;
  role: Role;
  via: 'token' | 'oidc';
  /** The presented token's id (`tokenIdOf`, never the token): streams are counted and re-checked by it. */
  tokenId: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

export function principalOf(c: Context): Principal | undefined {
  return c.get('principal');
}

/** The one read that returns secret values: an instance's credentials (a database password is a write key). */
const CREDENTIALS_PATH = /^\/api\/v1\/instances\/[^/]+\/[^/]+\/[^/]+\/credentials\/?$/;

/**
 * The role a request needs: reads (and the read-only POSTs: previews, stream tickets) any role, except revealing an
 * instance's credentials; the rest `admin`.
 */
export function roleRequired(method: string, path: string): Role {
  if (CREDENTIALS_PATH.test(path)) return 'admin';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'viewer';
  if (method === 'POST' && VIEWER_POSTS.includes(path)) return 'viewer';
  return 'admin';
}

/**
 * Enforces roles on every request after authentication: a viewer's write is refused with 403 `forbidden`, naming the
 * role it needs and the one the principal has — in the API, not only hidden in the console.
 * @example app.use('/api/v1/*', authenticate(...), enforceRoles())
 */
export function enforceRoles(): MiddlewareHandler {
  return async (c, next) => {
    const principal = principalOf(c);
    const needed = roleRequired(c.req.method, c.req.path);
    if (!principal)
      throw new ApiProblem(401, 'unauthorized', 'no principal: the request was not authenticated');
    if (needed === 'admin' && principal.role !== 'admin')
      throw new ApiProblem(
        403,
        'forbidden',
        `${c.req.method} ${c.req.path} needs the admin role; ${principal.name} has the ${principal.role} role` +
          (principal.via === 'token'
            ? ' (the viewer token is read-only: use the key "token" of the Secret api-token)'
            : ''),
        { role: principal.role },
      );
    await next();
  };
}
