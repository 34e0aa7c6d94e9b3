import type { Context, MiddlewareHandler } from 'hono';
import { ApiProblem } from './problem.js';

/** What a principal may do: `admin` edits, `viewer` reads. */
export type Role = 'admin' | 'viewer';

/**
 * Who a request comes from, whichever way it was authenticated: the API token (the bootstrap and break-glass path,
 * `admin`) or a Keycloak session (`oidc`, its role from the user's groups). Role checks read only this.
 */
export interface Principal {
  /** `api-token`, or the Keycloak user name. */
  name: string;
  role: Role;
  via: 'token' | 'oidc';
}

/** The key the authenticating middleware stores the principal under (`c.get('principal')`). */
export const PRINCIPAL = 'principal';

export function principalOf(c: Context): Principal | undefined {
  return c.get(PRINCIPAL as never) as Principal | undefined;
}

/** Requests a viewer may make besides reads: previews are computed, never written. */
const READ_ONLY_POSTS = [/^\/api\/v1\/preview$/];

/** The role a request needs: reads (and previews) any role, everything else `admin`. */
export function roleRequired(method: string, path: string): Role {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'viewer';
  if (method === 'POST' && READ_ONLY_POSTS.some((pattern) => pattern.test(path))) return 'viewer';
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
        `${c.req.method} ${c.req.path} needs the admin role; ${principal.name} has the ${principal.role} role`,
      );
    await next();
  };
}
