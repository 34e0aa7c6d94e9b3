import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import type { Instance, InstanceProblem } from '../../../model/instance.js';
import type { Resources } from '../../../schema/resources.js';
import { scrapeAnnotations } from '../../victoria-metrics/scrape-annotations.js';
import {
  clusterName,
  connectionStrings,
  credentialSecretName,
  passwordMaterial,
  POSTGRES_PORT,
  readWriteHost,
  versionKey,
} from './credentials.js';
import type { PostgresClusterSpec, PostgresUser } from './schema.js';

/** CloudNativePG's metrics port on every instance pod. */
export const CNPG_METRICS_PORT = 9187;

/** Everything `renderPostgresCluster` needs, resolved by the caller (an instance, or a battery's request). */
export interface PostgresClusterProps {
  readonly name: string;
  readonly namespace: string;
  readonly spec: PostgresClusterSpec;
  /** `repository:tag` of the PostgreSQL image. */
  readonly image: string;
  readonly storageSize: string;
  readonly resources: Resources;
  /** A user's password at a version (secret material). */
  readonly password: (material: string) => string;
  /** Namespaces that consent to receive credentials from this cluster's namespace (CredentialGrant). */
  readonly isGranted: (namespace: string) => boolean;
  /** Labels on the `Cluster` and the Secrets (and, through `inheritedMetadata`, on what CloudNativePG creates). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Render a metrics Service annotated for VictoriaMetrics' scrape. */
  readonly isScraped: boolean;
  /** The Barman Cloud ObjectStore to archive to, when backups go to object storage. */
  readonly objectStore?: string;
}

/** What a rendered cluster reports: connection information and unmet grants. */
export interface PostgresClusterRendering {
  connection: Record<string, string>;
  problems: InstanceProblem[];
}

/**
 * A CloudNativePG `Cluster` `pg-<name>` with one managed role per user (role options as declared, password from
 * the user's credential Secret), bootstrapped with the database (or recovered from a backup), and for every user a
 * credential Secret `cloudnative-pg.pg-<name>.<user>` in the cluster's namespace (the managed role's
 * passwordSecret) and in each credential namespace that grants it: host, port, username, password, database, dsn,
 * uri. Credential namespaces without a grant get nothing and are reported as problems. Pure.
 */
export function renderPostgresCluster(
  scope: Construct,
  props: PostgresClusterProps,
): PostgresClusterRendering {
  const { name, namespace, spec } = props;
  const cluster = clusterName(name);
  const host = readWriteHost(name, namespace);
  const database = spec.database?.name ?? 'app';
  const problems: InstanceProblem[] = [];
  const missingGrants = new Set<string>();

  for (const user of spec.users) {
    const password = props.password(passwordMaterial(user.username, user.passwordVersion));
    const previous =
      user.passwordVersion > 1
        ? props.password(passwordMaterial(user.username, user.passwordVersion - 1))
        : undefined;
    const strings = connectionStrings({
      host,
      port: POSTGRES_PORT,
      username: user.username,
      password,
      database,
    });
    const namespaces = [namespace, ...user.credentialNamespaces.filter((other) => other !== namespace)];
    for (const target of namespaces) {
      if (target !== namespace && !props.isGranted(target)) {
        missingGrants.add(target);
        continue;
      }
      new k8s.KubeSecret(scope, `credentials-${user.username}-${target}`, {
        metadata: {
          name: credentialSecretName(name, user.username),
          namespace: target,
          ...(props.labels ? { labels: { ...props.labels } } : {}),
        },
        type: 'kubernetes.io/basic-auth',
        stringData: {
          username: user.username,
          password,
          host,
          port: String(POSTGRES_PORT),
          database,
          ...strings,
          'password-version': String(user.passwordVersion),
          // Versions stay readable in the cluster's namespace, so Prepare reads them back instead of minting.
          ...(target === namespace ? { [versionKey(user.passwordVersion)]: password } : {}),
          ...(previous !== undefined ? { 'previous-password': previous } : {}),
          ...(previous !== undefined && target === namespace
            ? { [versionKey(user.passwordVersion - 1)]: previous }
            : {}),
        },
      });
    }
  }
  for (const target of [...missingGrants].sort()) {
    problems.push({
      reason: 'CredentialGrantMissing',
      message: `namespace ${target} does not accept credentials from namespace ${namespace}: a CredentialGrant in ${target} with spec.fromNamespaces [${namespace}] lets ${cluster}'s Secrets be written there`,
    });
  }

  const labels = { ...props.labels };
  const bootstrap = spec.restore
    ? { recovery: { backup: { name: spec.restore.backup } } }
    : spec.database
      ? {
          initdb: {
            database: spec.database.name,
            owner: spec.database.owner,
            secret: { name: credentialSecretName(name, spec.database.owner) },
          },
        }
      : undefined;
  new ApiObject(scope, 'cluster', {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: cluster, namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec: {
      instances: spec.instances,
      imageName: props.image,
      enableSuperuserAccess: false,
      ...(bootstrap ? { bootstrap } : {}),
      storage: {
        size: props.storageSize,
        ...(spec.storage.storageClass ? { storageClass: spec.storage.storageClass } : {}),
      },
      resources: {
        requests: { ...props.resources.requests },
        limits: { ...props.resources.limits },
      },
      ...(spec.users.length > 0
        ? { managed: { roles: spec.users.map((user) => managedRole(name, user)) } }
        : {}),
      ...(props.objectStore
        ? {
            plugins: [
              {
                name: 'barman-cloud.cloudnative-pg.io',
                isWALArchiver: true,
                parameters: { barmanObjectName: props.objectStore },
              },
            ],
          }
        : {}),
      ...(Object.keys(labels).length > 0 ? { inheritedMetadata: { labels } } : {}),
    },
  });

  if (props.isScraped) {
    new k8s.KubeService(scope, 'metrics', {
      metadata: {
        name: `${cluster}-metrics`,
        namespace,
        annotations: scrapeAnnotations({ port: CNPG_METRICS_PORT }),
      },
      spec: {
        type: 'ClusterIP',
        selector: { 'cnpg.io/cluster': cluster },
        ports: [
          {
            name: 'metrics',
            port: CNPG_METRICS_PORT,
            targetPort: k8s.IntOrString.fromNumber(CNPG_METRICS_PORT),
            protocol: 'TCP',
          },
        ],
      },
    });
  }

  return {
    connection: {
      cluster,
      host,
      port: String(POSTGRES_PORT),
      database,
      ...(spec.users.length > 0
        ? { secrets: spec.users.map((user) => credentialSecretName(name, user.username)).join(',') }
        : {}),
    },
    problems,
  };
}

/** A CloudNativePG managed role: every role option as its boolean, the password from the credential Secret. */
function managedRole(cluster: string, user: PostgresUser): Record<string, unknown> {
  const has = (option: string) => (user.roles as readonly string[]).includes(option);
  return {
    name: user.username,
    ensure: 'present',
    login: has('login'),
    superuser: has('superuser'),
    createdb: has('createdb'),
    createrole: has('createrole'),
    inherit: has('inherit'),
    replication: has('replication'),
    bypassrls: has('bypassrls'),
    passwordSecret: { name: credentialSecretName(cluster, user.username) },
  };
}

/** Whether a namespace consents to credentials from `from`: a CredentialGrant there lists it. */
export function grantedBy(grants: readonly Instance[], from: string): (namespace: string) => boolean {
  const allowed = new Set(
    grants
      .filter((grant) => ((grant.spec as { fromNamespaces?: string[] }).fromNamespaces ?? []).includes(from))
      .map((grant) => grant.namespace),
  );
  return (namespace) => allowed.has(namespace);
}
