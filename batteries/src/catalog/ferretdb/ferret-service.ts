import { k8s } from 'cdk8s-plus-33';
import { z } from 'zod';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
  tcpProbe,
} from '../../kit/workload.js';
import { defineInstance, type Instance } from '../../model/instance.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, resourcesSchema, scaledPresets, SIZES } from '../../schema/resources.js';
import {
  credentialSecretName,
  passwordMaterial,
  readWriteHost,
} from '../cloudnative-pg/postgres-cluster/credentials.js';
import { USERNAME_PATTERN, type PostgresClusterSpec } from '../cloudnative-pg/postgres-cluster/schema.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import type { FerretdbSpec } from './schema.js';

/** FerretDB resources per size; medium is a quarter core and 256 MiB (limit 512 MiB). */
export const FERRET_PRESETS = scaledPresets({ cpu: 0.25, memoryMi: 256 });
const MONGO_PORT = 27017;
/** FerretDB's debug listener, which serves Prometheus metrics at /debug/metrics and probes. */
const DEBUG_PORT = 8088;

export const ferretServiceSchema = z
  .object({
    postgresCluster: z
      .string()
      .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
        error: 'must be the name of a PostgresCluster in this namespace',
      })
      .meta({ description: 'The PostgresCluster (in this namespace) that stores the data.', maxLength: 50 }),
    user: z
      .string()
      .regex(new RegExp(USERNAME_PATTERN), { error: 'must be a user of the PostgresCluster' })
      .optional()
      .meta({
        description: 'The cluster user FerretDB connects as; default the database owner.',
        maxLength: 63,
      }),
    instances: z.int().min(1).max(9).default(1).meta({ description: 'FerretDB pods. Default 1.' }),
    size: z
      .enum(SIZES)
      .default('small')
      .meta({ description: 'Size preset for the resources. Default small.' }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({ description: 'A MongoDB-compatible FerretDB service on a PostgresCluster.' });

export type FerretServiceSpec = z.output<typeof ferretServiceSchema>;

/**
 * `FerretService` (short name `ferret`): FerretDB 2.x on a PostgresCluster referenced by name in the same namespace,
 * connecting as one of its users. Renders the Deployment and Service `ferret-<name>` (port 27017), its
 * ServiceAccount, and the Secret `ferret-<name>` with the MongoDB URI for clients; with victoria-metrics, a scraped
 * metrics Service. A missing cluster or user fails only this service, naming them.
 */
export const ferretService = defineInstance({
  kind: 'FerretService',
  plural: 'ferretservices',
  shortNames: ['ferret'],
  battery: 'ferretdb',
  description:
    'A MongoDB-compatible FerretDB service storing its data in a PostgresCluster of the same namespace.',
  schema: ferretServiceSchema,
  maxNameLength: 50,
  printerColumns: [
    {
      name: 'Cluster',
      type: 'string',
      jsonPath: '.spec.postgresCluster',
      description: 'The PostgresCluster.',
    },
    { name: 'Instances', type: 'integer', jsonPath: '.spec.instances', description: 'FerretDB pods.' },
  ],
  credentialSecrets: (instance) => [`ferret-${instance.name}`],
  render: (scope, { instance, battery, secret, instances }) => {
    const spec: FerretServiceSpec = instance.spec;
    const { namespace } = instance;
    const cluster = instances('PostgresCluster').find(
      (candidate) => candidate.namespace === namespace && candidate.name === spec.postgresCluster,
    ) as Instance<PostgresClusterSpec> | undefined;
    if (!cluster)
      throw new Error(
        `spec.postgresCluster: no valid PostgresCluster "${spec.postgresCluster}" in namespace ${namespace} (got "${spec.postgresCluster}")`,
      );
    const username = spec.user ?? cluster.spec.database?.owner ?? cluster.spec.users[0]?.username;
    const user = cluster.spec.users.find((candidate) => candidate.username === username);
    if (!user)
      throw new Error(
        `spec.user: PostgresCluster ${spec.postgresCluster} has no user "${username ?? ''}"; add one to its spec.users or name one here`,
      );
    const password = secret(passwordMaterial(user.username, user.passwordVersion), cluster);
    const name = `ferret-${instance.name}`;
    const labels = selectorLabels(name);
    const host = `${name}.${namespace}.svc`;

    new k8s.KubeServiceAccount(scope, 'service-account', {
      metadata: { name, namespace },
      automountServiceAccountToken: false,
    });
    const uri = `mongodb://${encodeURIComponent(user.username)}:${encodeURIComponent(password)}@${host}:${MONGO_PORT}/`;
    new k8s.KubeSecret(scope, 'credentials', {
      metadata: { name, namespace },
      type: 'Opaque',
      stringData: { host, port: String(MONGO_PORT), username: user.username, password, uri },
    });
    new k8s.KubeService(scope, 'service', {
      metadata: { name, namespace },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          {
            name: 'mongodb',
            port: MONGO_PORT,
            targetPort: k8s.IntOrString.fromString('mongodb'),
            protocol: 'TCP',
          },
        ],
      },
    });
    if (battery.isInstalled('victoria-metrics')) {
      new k8s.KubeService(scope, 'metrics-service', {
        metadata: {
          name: `${name}-metrics`,
          namespace,
          annotations: scrapeAnnotations({ port: DEBUG_PORT, path: '/debug/metrics' }),
        },
        spec: {
          type: 'ClusterIP',
          selector: labels,
          ports: [
            {
              name: 'debug',
              port: DEBUG_PORT,
              targetPort: k8s.IntOrString.fromString('debug'),
              protocol: 'TCP',
            },
          ],
        },
      });
    }
    const postgresSecret = credentialSecretName(cluster.name, user.username);
    new k8s.KubeDeployment(scope, 'deployment', {
      metadata: { name, namespace },
      spec: {
        replicas: spec.instances,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(1000),
            containers: [
              {
                name: 'ferretdb',
                image: imageRef((battery.spec as FerretdbSpec).image),
                imagePullPolicy: 'IfNotPresent',
                env: [
                  // The cluster user's URI, from its credential Secret in this namespace.
                  {
                    name: 'FERRETDB_POSTGRESQL_URL',
                    valueFrom: { secretKeyRef: { name: postgresSecret, key: 'uri' } },
                  },
                  { name: 'FERRETDB_LISTEN_ADDR', value: `:${MONGO_PORT}` },
                  { name: 'FERRETDB_DEBUG_ADDR', value: `:${DEBUG_PORT}` },
                  { name: 'FERRETDB_TELEMETRY', value: 'disable' },
                ],
                ports: [
                  { name: 'mongodb', containerPort: MONGO_PORT, protocol: 'TCP' },
                  { name: 'debug', containerPort: DEBUG_PORT, protocol: 'TCP' },
                ],
                resources: containerResources(resolveResources(FERRET_PRESETS, spec.size, spec.resources)),
                readinessProbe: httpProbe('/debug/readyz', 'debug'),
                livenessProbe: { ...tcpProbe('mongodb'), initialDelaySeconds: 15 },
                securityContext: restrictedSecurityContext(),
              },
            ],
          },
        },
      },
    });
    return {
      connection: {
        host,
        port: String(MONGO_PORT),
        secret: name,
        postgresCluster: readWriteHost(cluster.name, namespace),
      },
    };
  },
});
