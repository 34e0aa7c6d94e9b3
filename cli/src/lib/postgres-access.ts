import { Flags } from '@oclif/core';
import { z } from 'zod';
import { postgresCredentialSecretName } from '@batteries-included/batteries';
import type { Instance, InstanceCredentials } from '@batteries-included/operator/api-types';
import { apiFlags, type ApiClient } from './api-client.js';
import { CliFailure, InvalidInputError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';
import { findInstance, instanceApiPath, namespaceFlag, POSTGRES } from './instances.js';

/** What stands for a password in output that does not show it. */
export const MASK = '****';

/** The flags naming one user of one Postgres cluster (access-info, psql). */
export const postgresUserFlags = {
  ...apiFlags,
  namespace: namespaceFlag('cluster'),
  user: Flags.string({
    char: 'u',
    description: 'The user to connect as (default: the database’s owner, else the first user).',
  }),
};

/** The parts of a PostgresCluster's spec the access commands read (parsed once, here). */
const accessSpec = z.object({
  users: z.array(z.object({ username: z.string() })).default([]),
  database: z.object({ name: z.string(), owner: z.string() }).optional(),
});

/**
 * The user a command connects as: `requested` when the cluster declares it, else the database's owner, else the
 * first declared user. Fails naming the cluster and its users when there is none to choose or `requested` is not one.
 */
export function chooseUser(
  instance: Pick<Instance, 'namespace' | 'name' | 'spec'>,
  requested?: string,
): string {
  const spec = accessSpec.parse(instance.spec);
  const usernames = spec.users.map((user) => user.username);
  const label = `Postgres cluster ${instance.namespace}/${instance.name}`;
  if (usernames.length === 0)
    throw new InvalidInputError(`${label} declares no users; add one to its spec.users to connect`);
  if (requested !== undefined) {
    if (!usernames.includes(requested))
      throw new InvalidInputError(
        `--user ${requested}: ${label} has no such user; its users: ${usernames.join(', ')}`,
      );
    return requested;
  }
  const owner = spec.database?.owner;
  return owner && usernames.includes(owner) ? owner : usernames[0]!;
}

/** One user's credentials as the Secret `cloudnative-pg.pg-<cluster>.<user>` holds them. */
export interface PostgresCredentials {
  /** `namespace/name` of the Secret. */
  readonly secret: string;
  readonly host: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  readonly dsn: string;
  readonly uri: string;
}

/**
 * The credentials of `username` from the API's admin-only reveal route. Fails when its Secret is not written yet
 * (the cluster is new, or its battery is not installed) or lacks a key.
 */
export async function fetchCredentials(
  api: ApiClient,
  instance: Instance,
  username: string,
): Promise<PostgresCredentials> {
  const { secrets } = await api.get<InstanceCredentials>(`${instanceApiPath(instance)}/credentials`);
  const name = postgresCredentialSecretName(instance.name, username);
  const secret = secrets.find((s) => s.namespace === instance.namespace && s.name === name);
  const label = `${instance.namespace}/${name}`;
  if (!secret)
    throw new CliFailure(
      `the credential Secret ${label} does not exist yet: the operator writes it once the cloudnative-pg battery is installed (see: bi postgres show ${instance.name} -n ${instance.namespace})`,
      EXIT_CODES.failed,
    );
  const keys = ['host', 'port', 'username', 'password', 'database', 'dsn', 'uri'] as const;
  const missing = keys.filter((key) => secret.data[key] === undefined);
  if (missing.length > 0)
    throw new CliFailure(`the credential Secret ${label} has no ${missing.join(', ')}`, EXIT_CODES.failed);
  const value = (key: (typeof keys)[number]) => secret.data[key]!;
  return {
    secret: label,
    host: value('host'),
    port: value('port'),
    username: value('username'),
    password: value('password'),
    database: value('database'),
    dsn: value('dsn'),
    uri: value('uri'),
  };
}

/**
 * The Postgres cluster `name` in `namespace` and the credentials of the user a command connects as (`user`, else
 * the default of `chooseUser`).
 */
export async function credentialsFor(
  api: ApiClient,
  target: { name: string; namespace: string; user?: string },
): Promise<{ instance: Instance; credentials: PostgresCredentials }> {
  const instance = await findInstance(api, POSTGRES, target.name, target.namespace);
  const credentials = await fetchCredentials(api, instance, chooseUser(instance, target.user));
  return { instance, credentials };
}

/**
 * `text` with every form the password takes in a DSN or URI (as is, percent-encoded, quoted for libpq) replaced
 * by `****`. An empty password has nothing to hide.
 */
export function maskPassword(text: string, password: string): string {
  if (!password) return text;
  const forms = [
    password,
    encodeURIComponent(password),
    password.replaceAll('\\', '\\\\').replaceAll("'", "\\'"),
  ].sort((a, b) => b.length - a.length);
  return forms.reduce((masked, form) => masked.replaceAll(form, MASK), text);
}

/** What `bi postgres access-info` prints: the password and the connection strings' passwords only when shown. */
export interface AccessInfo {
  readonly cluster: string;
  readonly namespace: string;
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly username: string;
  readonly secret: string;
  readonly password?: string;
  readonly dsn: string;
  readonly uri: string;
}

export function accessInfo(
  instance: Pick<Instance, 'namespace' | 'name'>,
  credentials: PostgresCredentials,
  options: { showPassword: boolean },
): AccessInfo {
  const { host, port, database, username, secret, password } = credentials;
  const hide = (text: string) => (options.showPassword ? text : maskPassword(text, password));
  return {
    cluster: instance.name,
    namespace: instance.namespace,
    host,
    port,
    database,
    username,
    secret,
    ...(options.showPassword ? { password } : {}),
    dsn: hide(credentials.dsn),
    uri: hide(credentials.uri),
  };
}

/**
 * The environment `psql` connects with (libpq's variables, so the password is never in its argv): the
 * credentials, reached at `address` (a port-forward or a host given on the command line). The caller's other
 * variables are kept.
 */
export function psqlEnvironment(
  credentials: Pick<PostgresCredentials, 'username' | 'password' | 'database'>,
  address: { host: string; port: string | number },
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    ...base,
    PGHOST: address.host,
    PGPORT: String(address.port),
    PGUSER: credentials.username,
    PGPASSWORD: credentials.password,
    PGDATABASE: credentials.database,
  };
}
