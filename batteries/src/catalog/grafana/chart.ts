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
import { BundleUnavailableError } from '../../model/bundle.js';
import { Yaml } from 'cdk8s';
import { imageRef } from '../../schema/image.js';
import { resolveResources, scaledPresets } from '../../schema/resources.js';
import { lokiUrl } from '../loki/endpoints.js';
import { victoriaMetricsUrl } from '../victoria-metrics/endpoints.js';
import { scrapeAnnotations } from '../victoria-metrics/scrape-annotations.js';
import { ADMIN_SECRET_KEYS, adminPasswordRequest } from './admin-secret.js';
import { dashboardObjects, DASHBOARD_BUNDLES, wireDashboard } from './dashboards.js';
import { datasourcesYaml } from './datasources.js';
import { platformDashboard } from './platform-dashboard.js';
import { grafanaSettings, renderIni, SSO_ENV } from './grafana-ini.js';
import { CLIENT_SECRET_KEYS, clientSecretName } from '../sso/protected-uis.js';
import type { GrafanaSpec } from './schema.js';

/** Container resources per platform size; medium is a fifth of a core and 256 MiB. */
export const RESOURCE_PRESETS = scaledPresets({ cpu: 0.2, memoryMi: 256 });

/** The user the Grafana image runs as. */
const USER_ID = 472;

const NAME = 'grafana';
/** The data key of every dashboard ConfigMap (as the operator writes dashboard bundles). */
const DASHBOARD_KEY = 'dashboard.json';
const HTTP_PORT = 3000;
/** The image's data path (`GF_PATHS_DATA`): SQLite database, plugins, sessions. */
const DATA_PATH = '/var/lib/grafana';
/** The image's log path (`GF_PATHS_LOGS`); logs go to the console, but the path stays writable under a read-only root. */
const LOGS_PATH = '/var/log/grafana';
const CONFIG_PATH = '/etc/grafana-config';
const DATASOURCES_PATH = '/etc/grafana/provisioning/datasources';
const DASHBOARD_PROVIDERS_PATH = '/etc/grafana/provisioning/dashboards';
/** Where provisioned dashboards are mounted (outside the data volume), one `<ConfigMap>.json` each. */
const DASHBOARDS_PATH = '/etc/grafana/dashboards';

/**
 * Grafana in the core namespace: the Deployment `grafana` (one pod), the Service `grafana` (3000 `http`,
 * annotated for scraping), the generated admin login in the Secret `grafana-admin`, its settings in the
 * ConfigMap `grafana-config`, and provisioned datasources in `grafana-datasources` — VictoriaMetrics only when
 * the victoria-metrics battery is installed, Loki only when loki is.
 *
 * Storage is an emptyDir, deliberately: everything Grafana shows is provisioned, a fresh database on every
 * start applies the admin password from the Secret (Grafana only reads it when it creates the admin), and a
 * config change rolls the pod. The cost: dashboards made by hand in the UI last until the pod restarts.
 */
export class GrafanaChart extends Chart {
  constructor(scope: Construct, props: BatteryChartProps<GrafanaSpec>) {
    super(scope, 'grafana');
    const { spec, settings } = props;
    const namespace = settings.namespaces.core;
    const labels = selectorLabels(NAME);

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: NAME, namespace },
      automountServiceAccountToken: false,
    });

    const passwordRequest = adminPasswordRequest(settings.namespaces);
    const adminSecret = new k8s.KubeSecret(this, 'admin-secret', {
      metadata: { name: passwordRequest.secret.name, namespace: passwordRequest.secret.namespace },
      type: 'Opaque',
      stringData: {
        [ADMIN_SECRET_KEYS.user]: spec.adminUser,
        [passwordRequest.secret.key]: props.secret(passwordRequest.name),
      },
    });

    const config = new k8s.KubeConfigMap(this, 'config', {
      metadata: { name: `${NAME}-config`, namespace },
      data: {
        'grafana.ini': renderIni(
          grafanaSettings({ httpPort: HTTP_PORT, isSingleSignOn: props.isInstalled('sso') }),
        ),
      },
    });
    const datasources = new k8s.KubeConfigMap(this, 'datasources', {
      metadata: { name: `${NAME}-datasources`, namespace },
      data: {
        'datasources.yaml': datasourcesYaml({
          victoriaMetricsUrl: props.isInstalled('victoria-metrics')
            ? victoriaMetricsUrl(settings.namespaces)
            : undefined,
          lokiUrl: props.isInstalled('loki') ? lokiUrl(settings.namespaces) : undefined,
        }),
      },
    });

    new k8s.KubeService(this, 'service', {
      metadata: { name: NAME, namespace, annotations: scrapeAnnotations({ port: HTTP_PORT }) },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
        ],
      },
    });

    const dashboards = this.dashboards(props, namespace);
    const dashboardMounts: k8s.VolumeMount[] = dashboards.length
      ? [
          { name: 'dashboard-providers', mountPath: DASHBOARD_PROVIDERS_PATH, readOnly: true },
          { name: 'dashboards', mountPath: DASHBOARDS_PATH, readOnly: true },
        ]
      : [];
    const dashboardVolumes: k8s.Volume[] = dashboards.length
      ? [
          { name: 'dashboard-providers', configMap: { name: `${NAME}-dashboard-providers` } },
          {
            name: 'dashboards',
            projected: {
              sources: dashboards.map((name) => ({
                configMap: { name, items: [{ key: DASHBOARD_KEY, path: `${name}.json` }] },
              })),
            },
          },
        ]
      : [];

    const fromAdminSecret = (key: string): k8s.EnvVarSource => ({
      secretKeyRef: { name: adminSecret.name, key },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: NAME, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(USER_ID),
            containers: [
              {
                name: 'grafana',
                image: imageRef(spec.image),
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'GF_PATHS_CONFIG', value: `${CONFIG_PATH}/grafana.ini` },
                  { name: 'GF_SECURITY_ADMIN_USER', valueFrom: fromAdminSecret(ADMIN_SECRET_KEYS.user) },
                  {
                    name: 'GF_SECURITY_ADMIN_PASSWORD',
                    valueFrom: fromAdminSecret(ADMIN_SECRET_KEYS.password),
                  },
                  ...(props.isInstalled('sso') ? singleSignOnEnv() : []),
                ],
                ports: [{ name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' }],
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_PATH, readOnly: true },
                  { name: 'datasources', mountPath: DATASOURCES_PATH, readOnly: true },
                  ...dashboardMounts,
                  { name: 'storage', mountPath: DATA_PATH },
                  { name: 'logs', mountPath: LOGS_PATH },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
                resources: containerResources(
                  resolveResources(RESOURCE_PRESETS, settings.defaultSize, spec.resources),
                ),
                readinessProbe: httpProbe('/api/health', 'http'),
                // Database migrations run on first start; allow them before restarting.
                livenessProbe: httpProbe('/api/health', 'http', { initialDelaySeconds: 30 }),
                securityContext: restrictedSecurityContext(),
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: config.name } },
              { name: 'datasources', configMap: { name: datasources.name } },
              ...dashboardVolumes,
              { name: 'storage', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
              { name: 'logs', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            ],
          },
        },
      },
    });
  }

  /**
   * With VictoriaMetrics installed: the platform's own dashboard, and each installed battery's upstream dashboards
   * from its dashboard bundle, as ConfigMaps Grafana's file provider reads; returns their names. A dashboard bundle
   * that could not be obtained (offline, not pushed) is left out — Grafana itself does not fail for it; the next
   * pass after it arrives adds it.
   */
  private dashboards(props: BatteryChartProps<GrafanaSpec>, namespace: string): string[] {
    if (!props.isInstalled('victoria-metrics')) return [];
    const dashboards: Array<{ name: string; json: string }> = [
      { name: `${NAME}-dashboard-platform`, json: JSON.stringify(platformDashboard()) },
    ];
    for (const [battery, bundle] of Object.entries(DASHBOARD_BUNDLES)) {
      if (!props.isInstalled(battery)) continue;
      let objects;
      try {
        objects = props.bundle(bundle.name);
      } catch (error) {
        if (error instanceof BundleUnavailableError) continue;
        throw error;
      }
      for (const object of dashboardObjects(objects))
        dashboards.push({
          name: object.metadata.name,
          json: wireDashboard((object.data as Record<string, string>)[DASHBOARD_KEY] ?? '{}'),
        });
    }
    for (const { name, json } of dashboards)
      new k8s.KubeConfigMap(this, `dashboard-${name}`, {
        metadata: { name, namespace },
        data: { [DASHBOARD_KEY]: json },
      });
    new k8s.KubeConfigMap(this, 'dashboard-providers', {
      metadata: { name: `${NAME}-dashboard-providers`, namespace },
      data: {
        'dashboards.yaml': Yaml.stringify({
          apiVersion: 1,
          providers: [
            {
              name: 'batteries-included',
              folder: 'Batteries Included',
              type: 'file',
              disableDeletion: true,
              allowUiUpdates: false,
              options: { path: DASHBOARDS_PATH },
            },
          ],
        }),
      },
    });
    return dashboards.map((d) => d.name);
  }
}

/** The sso battery's client credentials for Grafana, read from its Secret `sso-grafana` (the pod rolls when they change). */
function singleSignOnEnv(): k8s.EnvVar[] {
  const fromSso = (name: string, key: string): k8s.EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: clientSecretName('grafana'), key } },
  });
  return [
    fromSso(SSO_ENV.appUrl, CLIENT_SECRET_KEYS.appUrl),
    fromSso(SSO_ENV.issuerUrl, CLIENT_SECRET_KEYS.issuerUrl),
    fromSso(SSO_ENV.clientId, CLIENT_SECRET_KEYS.clientId),
    fromSso(SSO_ENV.clientSecret, CLIENT_SECRET_KEYS.clientSecret),
  ];
}
