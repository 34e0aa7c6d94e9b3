import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import type { Construct } from 'constructs';
import {
  containerResources,
  httpProbe,
  podSecurityContext,
  restrictedSecurityContext,
  selectorLabels,
} from '../../kit/workload.js';
import type { BatteryChartProps } from '../../model/battery.js';
import { databaseConnection, type DatabaseRequest } from '../../model/bundle.js';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import type { KeycloakSpec } from './schema.js';

const NAME = 'keycloak';
const HTTP_PORT = 8080;
const MANAGEMENT_PORT = 9000;
/** The image's non-root user. */
const USER_ID = 1000;
/** Keycloak resources per platform size; medium is half a core and 1 GiB (limit 2 GiB). */
export const KEYCLOAK_PRESETS = scaledPresets({ cpu: 0.5, memoryMi: 1024 });

/** Keycloak's database: cluster `pg-keycloak` in the core namespace, database and owner `keycloak`. */
export function keycloakDatabase(namespace: string): DatabaseRequest {
  return { name: NAME, namespace, database: NAME, owner: NAME };
}

/**
 * Keycloak in the core namespace: the StatefulSet `keycloak` (pods find each other through the headless Service
 * `keycloak-headless` for the Infinispan cache), the Service `keycloak` (port 8080, `http`), the admin Secret
 * `keycloak-admin` (username, generated password). It connects to `pg-keycloak-rw` with the owner's credentials
 * the cloudnative-pg battery writes to `cloudnative-pg.pg-keycloak.keycloak`. Probes use the management port 9000 (`/health/started`, `/ready`,
 * `/live`). The realm is configured later, not here.
 */
export class KeycloakChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<KeycloakSpec>) {
    super(scope, NAME);
    const { spec, settings } = props;
    const namespace = settings.namespaces.core;
    const labels = selectorLabels(NAME);
    const db = databaseConnection(keycloakDatabase(namespace));
    const headless = `${NAME}-headless`;

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });
    new k8s.KubeSecret(this, 'admin', {
      metadata: { name: `${NAME}-admin`, namespace },
      type: 'Opaque',
      stringData: { username: spec.adminUsername, password: props.secret('admin-password') },
    });
    new k8s.KubeService(this, 'service', {
      // Metrics are on the management port, which the Service does not expose: the scrape goes to each pod.
      metadata: { name: NAME, namespace, annotations: scrapeAnnotations({ port: MANAGEMENT_PORT }) },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
        ],
      },
    });
    new k8s.KubeService(this, 'headless', {
      metadata: { name: headless, namespace },
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: labels,
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
        ],
      },
    });

    const fromSecret = (name: string, secret: string, key: string): k8s.EnvVar => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    });
    const env: k8s.EnvVar[] = [
      { name: 'KC_DB', value: 'postgres' },
      { name: 'KC_DB_URL_HOST', value: db.host },
      { name: 'KC_DB_URL_PORT', value: String(db.port) },
      { name: 'KC_DB_URL_DATABASE', value: db.database },
      fromSecret('KC_DB_USERNAME', db.secretName, 'username'),
      fromSecret('KC_DB_PASSWORD', db.secretName, 'password'),
      fromSecret('KC_BOOTSTRAP_ADMIN_USERNAME', `${NAME}-admin`, 'username'),
      fromSecret('KC_BOOTSTRAP_ADMIN_PASSWORD', `${NAME}-admin`, 'password'),
      { name: 'KC_HEALTH_ENABLED', value: 'true' },
      { name: 'KC_METRICS_ENABLED', value: 'true' },
      { name: 'KC_HTTP_ENABLED', value: 'true' },
      { name: 'KC_HTTP_PORT', value: String(HTTP_PORT) },
      { name: 'KC_PROXY_HEADERS', value: 'xforwarded' },
      { name: 'KC_HOSTNAME_STRICT', value: 'false' },
      { name: 'KC_LOG_LEVEL', value: spec.logLevel },
      { name: 'KC_CACHE', value: 'ispn' },
      { name: 'KC_CACHE_STACK', value: 'kubernetes' },
      { name: 'JAVA_OPTS_APPEND', value: `-Djgroups.dns.query=${headless}.${namespace}.svc.cluster.local` },
    ];

    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: NAME, namespace },
      spec: {
        serviceName: headless,
        replicas: spec.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: NAME,
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                args: ['start'],
                env,
                ports: [
                  { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
                  { name: 'management', containerPort: MANAGEMENT_PORT, protocol: 'TCP' },
                ],
                resources: containerResources(
                  resolveResources(KEYCLOAK_PRESETS, settings.defaultSize, spec.resources),
                ),
                // Start-up (schema migration on first boot) may take minutes; readiness and liveness wait for it.
                startupProbe: httpProbe('/health/started', 'management', {
                  periodSeconds: 5,
                  failureThreshold: 120,
                }),
                readinessProbe: httpProbe('/health/ready', 'management'),
                livenessProbe: httpProbe('/health/live', 'management'),
                // Keycloak writes its compiled configuration under /opt/keycloak.
                securityContext: restrictedSecurityContext({ readOnlyRootFilesystem: false }),
              },
            ],
          },
        },
      },
    });
  }
}
