import { randomBytes } from 'node:crypto';
import { ROLE_GROUPS, SSO_REALM, type Role } from '@batteries-included/batteries';
import type { KeycloakAdmin } from './admin-client.js';
import type { Representation } from './keycloak-objects.js';

/**
 * Users of the realm are data, not configuration: they are managed here (the API's `/users` routes, `bi user`),
 * never planned or pruned by the pass. A user's role is its membership of the group of that name (`admin` edits,
 * `viewer` reads); a user in neither group has no role and is refused by the console.
 */
export interface SsoUser {
  username: string;
  email?: string;
  role?: Role;
  enabled: boolean;
}

/** A request that names a field, a value and what is accepted (mapped to 400 by the API). */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The user already exists (409) or does not (404). */
export class UserConflictError extends Error {
  override readonly name = 'UserConflictError';
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,62}$/;

/** The role, checked: `admin` or `viewer`, else a `UserInputError` naming the field. */
export function parseRole(value: unknown, field = 'role'): Role {
  if (typeof value === 'string' && (ROLE_GROUPS as readonly string[]).includes(value)) return value as Role;
  throw new UserInputError(
    field,
    `unknown role ${JSON.stringify(value)}; accepted: ${ROLE_GROUPS.join(', ')}`,
  );
}

/** The user name, checked: lower-case letters, digits and . _ @ -, at most 63 characters. */
export function parseUsername(value: unknown, field = 'username'): string {
  if (typeof value === 'string' && USERNAME.test(value)) return value;
  throw new UserInputError(
    field,
    `${JSON.stringify(value)} is not a user name: lower-case letters, digits and . _ @ -, 1 to 63 characters`,
  );
}

/** The users operations over one realm's admin API. */
export interface SsoUsers {
  list(): Promise<SsoUser[]>;
  /**
   * Creates the user in the role's group with a generated password (24 characters), returned once and stored
   * nowhere else. The password is temporary unless `isPermanent`: Keycloak asks for a new one at first sign-in.
   */
  add(input: {
    username: string;
    role: Role;
    email?: string;
    isPermanent?: boolean;
  }): Promise<{ user: SsoUser; password: string }>;
  setRole(username: string, role: Role): Promise<SsoUser>;
  remove(username: string): Promise<void>;
}

export function ssoUsers(admin: KeycloakAdmin, realm = SSO_REALM): SsoUsers {
  const base = `/admin/realms/${encodeURIComponent(realm)}`;
  const ref = (username: string) => `User ${realm}/${username}`;

  const groupIds = async (): Promise<Map<Role, string>> => {
    const groups = (await admin.get<Representation[]>(`${base}/groups`)) ?? [];
    const ids = new Map<Role, string>();
    for (const group of groups)
      if ((ROLE_GROUPS as readonly string[]).includes(String(group.name)))
        ids.set(group.name as Role, String(group.id));
    return ids;
  };
  const find = async (username: string): Promise<Representation | undefined> => {
    const found = await admin.get<Representation[]>(
      `${base}/users?username=${encodeURIComponent(username)}&exact=true`,
    );
    return found?.find((user) => user.username === username);
  };
  const roleOf = async (id: string): Promise<Role | undefined> => {
    const groups = (await admin.get<Representation[]>(`${base}/users/${id}/groups`)) ?? [];
    const names = groups.map((group) => String(group.name));
    return names.includes('admin') ? 'admin' : names.includes('viewer') ? 'viewer' : undefined;
  };
  const view = async (user: Representation): Promise<SsoUser> => {
    const role = await roleOf(String(user.id));
    return {
      username: String(user.username),
      enabled: user.enabled !== false,
      ...(typeof user.email === 'string' ? { email: user.email } : {}),
      ...(role ? { role } : {}),
    };
  };
  const assign = async (id: string, role: Role) => {
    const ids = await groupIds();
    const wanted = ids.get(role);
    if (!wanted)
      throw new UserInputError('role', `the realm ${realm} has no group ${role} yet (is sso installed?)`);
    for (const [name, groupId] of ids) {
      if (name === role) await admin.send('PUT', `${base}/users/${id}/groups/${groupId}`, {}, ref(id));
      else await admin.send('DELETE', `${base}/users/${id}/groups/${groupId}`, undefined, ref(id));
    }
  };

  return {
    async list() {
      const users = (await admin.get<Representation[]>(`${base}/users?max=1000`)) ?? [];
      const views = await Promise.all(users.map(view));
      return views.sort((a, b) => (a.username < b.username ? -1 : 1));
    },
    async add({ username, role, email, isPermanent = false }) {
      if (await find(username)) throw new UserConflictError(409, `user ${username} already exists`);
      const password = randomBytes(18).toString('base64url');
      await admin.send(
        'POST',
        `${base}/users`,
        {
          username,
          enabled: true,
          // Keycloak's default user profile asks for these at first sign-in when missing.
          firstName: username,
          lastName: role,
          ...(email ? { email, emailVerified: true } : {}),
          credentials: [{ type: 'password', value: password, temporary: !isPermanent }],
        },
        ref(username),
      );
      const created = (await find(username))!;
      await assign(String(created.id), role);
      return { user: await view(created), password };
    },
    async setRole(username, role) {
      const user = await find(username);
      if (!user) throw new UserConflictError(404, `no user ${username}`);
      await assign(String(user.id), role);
      return view(user);
    },
    async remove(username) {
      const user = await find(username);
      if (!user) throw new UserConflictError(404, `no user ${username}`);
      await admin.send('DELETE', `${base}/users/${user.id}`, undefined, ref(username));
    },
  };
}
