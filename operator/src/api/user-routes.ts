import { Hono } from 'hono';
import type { z } from 'zod';
import { TargetUnavailableError } from '../engine/apply/target-unavailable.js';
import { keycloakAdminOf } from '../keycloak/keycloak-target.js';
import {
  parseRole,
  parseUsername,
  ssoUsers,
  UserConflictError,
  UserInputError,
  type SsoUsers,
} from '../keycloak/users.js';
import { batterySpecs } from '../engine/decide/prepare-snapshot.js';
import type { ApiOptions } from './api-options.js';
import { ApiProblem } from './problem.js';
import { readBody } from './request.js';
import { addUserBody, setRoleBody, type addedUser, type userList, type userResponse } from './schemas.js';

/**
 * The realm's users (`/api/v1/users`), while sso is installed: list (any role), add with a role and a generated
 * password shown once, change a role, remove (admin; `enforceRoles` guards the writes). Users are data in Keycloak,
 * not objects of the pass. A bad user name or unknown role → 400 naming the field; Keycloak unreachable → 503.
 */
export function userRoutes(options: Pick<ApiOptions, 'view' | 'keycloakUrl'>): Hono {
  const app = new Hono();
  let cached: ReturnType<typeof keycloakAdminOf> | undefined;
  const users = (): SsoUsers => {
    const { specs } = batterySpecs(options.view.batteries());
    if (!Object.hasOwn(specs, 'sso'))
      throw new ApiProblem(
        404,
        'not-installed',
        'sso is not installed; install it with: bi battery install sso',
      );
    const found = keycloakAdminOf(
      specs,
      options.view.live(),
      { url: options.keycloakUrl },
      typeof cached === 'object' ? cached : undefined,
    );
    if (typeof found === 'string') throw new ApiProblem(503, 'keycloak-unavailable', `Keycloak: ${found}`);
    cached = found;
    return ssoUsers(found.admin);
  };

  app.get('/users', async (c) => {
    const list: z.input<typeof userList> = { users: await guarded(() => users().list()) };
    return c.json(list);
  });
  app.post('/users', async (c) => {
    const body = await readBody(c, addUserBody);
    const { user, password } = await guarded(() =>
      users().add({
        username: parseUsername(body.username),
        role: parseRole(body.role),
        ...(body.email ? { email: body.email } : {}),
      }),
    );
    const created: z.input<typeof addedUser> = { user, password, isTemporary: true };
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });
  app.put('/users/:username', async (c) => {
    const body = await readBody(c, setRoleBody);
    const username = parseUsernameParam(c.req.param('username'));
    const user = await guarded(() => users().setRole(username, parseRole(body.role)));
    const response: z.input<typeof userResponse> = { user };
    return c.json(response);
  });
  app.delete('/users/:username', async (c) => {
    const username = parseUsernameParam(c.req.param('username'));
    await guarded(() => users().remove(username));
    return c.body(null, 204);
  });
  return app;
}

function parseUsernameParam(value: string): string {
  return guardInput(() => parseUsername(value));
}

function guardInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toProblem(error);
  }
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProblem(error);
  }
}

function toProblem(error: unknown): unknown {
  if (error instanceof UserInputError)
    return new ApiProblem(400, 'bad-request', error.message, {
      errors: [{ field: error.field, message: error.message }],
    });
  if (error instanceof UserConflictError)
    return new ApiProblem(error.status, error.status === 404 ? 'not-found' : 'user-exists', error.message);
  if (error instanceof TargetUnavailableError)
    return new ApiProblem(503, 'keycloak-unavailable', error.message);
  return error;
}
