import type { KubeObject } from './kube-object.js';

/**
 * An upstream release's manifest files that a battery installs (DESIGN "Upstream bundles"): the operator
 * obtains them from `urls`, verifies them and caches them by digest, and hands the parsed objects to Generate
 * through the snapshot. Nothing upstream is copied into the repository.
 */
export interface UpstreamBundle {
  /** kebab-case, unique in the catalog, e.g. `cert-manager`. */
  readonly name: string;
  /** The upstream release, e.g. `v1.19.2`. */
  readonly version: string;
  /** The release's manifest files over HTTPS, concatenated in this order as one multi-document YAML. */
  readonly urls: readonly string[];
  /**
   * Lower-case hex SHA-256 of the concatenated files (see `bundleDigestInput`). When absent, the first digest
   * seen is recorded and every later fetch must match it (trust on first use).
   */
  readonly sha256?: string;
  /** The namespace the upstream manifests install into (the battery moves it to one of ours), if any. */
  readonly upstreamNamespace?: string;
  /**
   * What the files hold: Kubernetes manifests (default), or Grafana dashboards' JSON models, which the operator
   * hands to Generate as ConfigMaps labelled `DASHBOARD_LABEL` (data key `dashboard.json`).
   * @default 'manifests'
   */
  readonly contents?: 'manifests' | 'grafana-dashboards';
  /**
   * The battery works without it: when it cannot be obtained, the battery is generated anyway and its chart's
   * `bundle(name)` throws `BundleUnavailableError` for the chart to handle (Grafana leaves that dashboard out).
   * @default false
   */
  readonly optional?: boolean;
}

/** A bundle as the snapshot carries it: its digest and parsed objects, or why it could not be had. */
export type SnapshotBundle =
  | { readonly digest: string; readonly objects: readonly KubeObject[] }
  | { readonly error: string; readonly url?: string };

/** The key of a bundle in `Snapshot.bundles`: `<name>@<version>`. */
export function bundleKey(bundle: Pick<UpstreamBundle, 'name' | 'version'>): string {
  return `${bundle.name}@${bundle.version}`;
}

/** The separator placed between a bundle's files before hashing and parsing: a YAML document break. */
export const BUNDLE_FILE_SEPARATOR = '\n---\n';

/** Raised inside a chart when a bundle it declared is not in the snapshot: the battery fails, not the pass. */
export class BundleUnavailableError extends Error {
  override readonly name = 'BundleUnavailableError';
  constructor(
    readonly battery: string,
    readonly bundle: string,
    readonly reason: string,
    readonly url?: string,
  ) {
    super(`${battery}: bundle ${bundle} is unavailable${url ? ` from ${url}` : ''}: ${reason}`);
  }
}

/**
 * A request for a Postgres database that a battery makes of the cloudnative-pg battery: it renders the CNPG
 * `Cluster` as a PostgresCluster with the owner as its one user, and the owner's credential Secret
 * (`databaseConnection`) the battery reads.
 */
export interface DatabaseRequest {
  /** The cluster's short name (DNS label); the CNPG `Cluster` is `pg-<name>`. */
  readonly name: string;
  /** The namespace of the cluster and its connection Secret: the requesting battery's own. */
  readonly namespace: string;
  /** The database created at bootstrap. */
  readonly database: string;
  /** Its owner role, whose credentials land in the connection Secret. */
  readonly owner: string;
  /** PostgreSQL instances (1 = no replicas). @default 1 */
  readonly instances?: number;
  /** Volume size (Kubernetes quantity); the default follows the core battery's size preset. */
  readonly storageSize?: string;
}

/** A database request with the battery that made it. */
export interface BatteryDatabaseRequest extends DatabaseRequest {
  readonly battery: string;
}

/** Where a requested database's cluster answers and which Secret holds its credentials (written by CNPG). */
export interface DatabaseConnection {
  /** The CNPG `Cluster` name. */
  readonly cluster: string;
  /** Read-write service host. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /**
   * The owner's credential Secret `cloudnative-pg.pg-<name>.<owner>` in the cluster's namespace (keys `username`,
   * `password`, `host`, `port`, `database`, `dsn`, `uri`), as for every PostgresCluster user.
   */
  readonly secretName: string;
}

/** The connection details for a request: the read-write service CloudNativePG creates and the owner's Secret. */
export function databaseConnection(request: DatabaseRequest): DatabaseConnection {
  const cluster = `pg-${request.name}`;
  return {
    cluster,
    host: `${cluster}-rw.${request.namespace}.svc`,
    port: 5432,
    database: request.database,
    secretName: `cloudnative-pg.${cluster}.${request.owner}`,
  };
}
