import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { includeBundle } from '../../kit/bundle-objects.js';
import type { BatteryChartProps, SecretRequest } from '../../model/battery.js';
import type { BatteryDatabaseRequest, DatabaseRequest } from '../../model/bundle.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { podScrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { CNPG_BUNDLE, CNPG_METRICS } from './bundle.js';
import { userPasswordRequests } from './postgres-cluster/credentials.js';
import { renderPostgresCluster } from './postgres-cluster/render.js';
import { postgresClusterSchema, type PostgresClusterSpec } from './postgres-cluster/schema.js';
import { STORAGE_PRESETS, type CloudnativePgSpec } from './schema.js';

/** PostgreSQL instance resources per platform size; medium is half a core and 1 GiB (limit 2 GiB). */
const POSTGRES_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 1024 });

/** Marks a generated cluster with the battery whose request it serves. */
export const DATABASE_FOR_LABEL = 'batteriesincl.com/database-for';

/**
 * The upstream CloudNativePG release moved from `cnpg-system` into the base namespace, and for every database
 * request a CNPG `Cluster` `pg-<name>` in the requester's namespace, rendered exactly as a `PostgresCluster` with
 * one user — the database's owner — whose generated password is in the Secret `cloudnative-pg.pg-<name>.<owner>`
 * (see `databaseConnection`). Instances and volume follow the request, else the core battery's default size.
 */
export class CloudnativePgChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<CloudnativePgSpec>) {
    super(scope, 'cloudnative-pg');
    const { settings, spec } = props;
    includeBundle(this, props.bundle(CNPG_BUNDLE.name), {
      namespaces: { [CNPG_BUNDLE.upstreamNamespace!]: settings.namespaces.base },
      dropNamespaces: true,
      podAnnotations: podScrapeAnnotations(CNPG_METRICS),
    });
    const resources = resolveResources(POSTGRES_PRESETS, settings.defaultSize, undefined);
    for (const request of props.databaseRequests) {
      const id = `cluster-${request.namespace}-${request.name}`;
      renderPostgresCluster(new Construct(this, id), {
        name: request.name,
        namespace: request.namespace,
        spec: requestedCluster(request),
        image: imageRef(spec.postgresImage),
        storageSize: request.storageSize ?? STORAGE_PRESETS[settings.defaultSize],
        resources,
        password: (material) => props.secret(`${requestPrefix(request)}${material}`),
        isGranted: () => false,
        // The pods, volumes and Services CloudNativePG creates carry the requester's label too.
        labels: { [DATABASE_FOR_LABEL]: request.battery },
        isScraped: props.isInstalled('victoria-metrics'),
      });
    }
  }
}

/** A database request as a PostgresCluster spec: the owner is the one user, with login. */
function requestedCluster(request: BatteryDatabaseRequest): PostgresClusterSpec {
  return postgresClusterSchema.parse({
    instances: request.instances ?? 1,
    users: [{ username: request.owner, roles: ['login'] }],
    database: { name: request.database, owner: request.owner },
  });
}

function requestPrefix(request: DatabaseRequest): string {
  return `database-${request.namespace}-${request.name}-`;
}

/** The owner passwords of the requested databases, read back from their credential Secrets. */
export function databaseRequestSecrets(requests: readonly DatabaseRequest[]): SecretRequest[] {
  return requests.flatMap((request) =>
    userPasswordRequests(
      request.name,
      request.namespace,
      [{ username: request.owner, passwordVersion: 1 }],
      requestPrefix(request),
    ),
  );
}
