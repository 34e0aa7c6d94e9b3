import type { SecretRequest } from '../../../model/battery.js';
import type { PostgresUser } from './schema.js';

/** The PostgreSQL port every CloudNativePG service answers on. */
export const POSTGRES_PORT = 5432;

/** The CNPG `Cluster` name of a cluster: `pg-<name>`, as in the original. */
export function clusterName(name: string): string {
  return `pg-${name}`;
}

/**
 * The name of a user's credential Secret, in the cluster's namespace and each credential namespace, as the
 * original names it: `cloudnative-pg.pg-<cluster>.<user>`.
 */
export function credentialSecretName(cluster: string, username: string): string {
  return `cloudnative-pg.${clusterName(cluster)}.${username}`;
}

/** The read-write service host of a cluster, reachable from any namespace. */
export function readWriteHost(cluster: string, namespace: string): string {
  return `${clusterName(cluster)}-rw.${namespace}.svc`;
}

/** The secret material name of a user's password at a version, e.g. `user-app-v2`. */
export function passwordMaterial(username: string, version: number): string {
  return `user-${username}-v${version}`;
}

/** The key of the Secret that keeps a password by version (so Prepare reads each version back). */
export function versionKey(version: number): string {
  return `password-v${version}`;
}

/**
 * The passwords a cluster's users need: the current version of each, and the previous one while a rotation is
 * under way (it stays in the Secret as `previous-password`). Read back from the cluster namespace's Secret,
 * which keeps every version it holds under `password-v<N>`.
 */
export function userPasswordRequests(
  cluster: string,
  namespace: string,
  users: readonly Pick<PostgresUser, 'username' | 'passwordVersion'>[],
  prefix = '',
): SecretRequest[] {
  return users.flatMap((user) => {
    const versions = user.passwordVersion > 1 ? [user.passwordVersion - 1, user.passwordVersion] : [1];
    return versions.map((version) => ({
      name: `${prefix}${passwordMaterial(user.username, version)}`,
      secret: { namespace, name: credentialSecretName(cluster, user.username), key: versionKey(version) },
      length: 32,
      alphabet: 'alphanumeric' as const,
    }));
  });
}

/** What a credential Secret holds, besides the version keys. */
export interface Credentials {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

/**
 * The connection strings of a credential Secret: a libpq key/value DSN and a `postgresql://` URI, with
 * `sslmode=prefer` (CloudNativePG serves TLS; clients that cannot still connect).
 */
export function connectionStrings(credentials: Credentials): { dsn: string; uri: string } {
  const { host, port, username, password, database } = credentials;
  const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return {
    dsn: `host=${host} port=${port} user=${quote(username)} password=${quote(password)} dbname=${quote(database)} sslmode=prefer`,
    uri: `postgresql://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}?sslmode=prefer`,
  };
}
