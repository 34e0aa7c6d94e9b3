import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { includeBundle } from '../../kit/bundle-objects.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { databaseConnection } from '../../model/bundle.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { podScrapeAnnotations, scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { CNPG_BUNDLE, CNPG_INSTANCE_METRICS, CNPG_METRICS } from './bundle.js';
import { STORAGE_PRESETS, type CloudnativePgSpec } from './schema.js';

/** PostgreSQL instance resources per platform size; medium is half a core and 1 GiB (limit 2 GiB). */
const POSTGRES_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 1024 });

/** Marks a generated cluster with the battery whose request it serves. */
export const DATABASE_FOR_LABEL = 'batteriesincl.com/database-for';

/**
 * The upstream CloudNativePG release moved from `cnpg-system` into the base namespace, and for every database
 * request a CNPG `Cluster` `pg-<name>` in the requester's namespace: `initdb` creates the database and its owner,
 * and CloudNativePG writes the owner's credentials to the Secret `pg-<name>-app` (see `databaseConnection`).
 * Instances, volume and resources follow the request, else the core battery's default size.
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
      const { cluster } = databaseConnection(request);
      new ApiObject(this, `cluster-${request.namespace}-${request.name}`, {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: {
          name: cluster,
          namespace: request.namespace,
          labels: { [DATABASE_FOR_LABEL]: request.battery },
        },
        spec: {
          instances: request.instances ?? 1,
          imageName: imageRef(spec.postgresImage),
          enableSuperuserAccess: false,
          bootstrap: { initdb: { database: request.database, owner: request.owner } },
          storage: { size: request.storageSize ?? STORAGE_PRESETS[settings.defaultSize] },
          resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
          // The pods, volumes and Services CloudNativePG creates carry the requester's label too, and the pods
          // are scraped: each instance's exporter serves PostgreSQL metrics (connections, replication lag, …).
          inheritedMetadata: {
            labels: { [DATABASE_FOR_LABEL]: request.battery, 'app.kubernetes.io/name': 'postgresql' },
            annotations: scrapeAnnotations(CNPG_INSTANCE_METRICS),
          },
        },
      });
    }
  }
}
