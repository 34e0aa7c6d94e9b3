import { Yaml } from 'cdk8s';

/** Where the service account token is mounted in every pod that automounts it. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** What the scrape configuration depends on. */
export interface ScrapeConfigOptions {
  /** The global scrape interval, e.g. `30s`. */
  readonly scrapeInterval: string;
  /** Add the `kubelet` and `cadvisor` jobs (role node, HTTPS with the service account token). */
  readonly scrapeKubelets: boolean;
}

interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: 'keep' | 'drop' | 'replace' | 'labelmap';
}

/**
 * The `-promscrape.config` file of VictoriaMetrics, as YAML (Prometheus scrape-config format):
 *
 * - `kubernetes-service-endpoints` (role `endpointslice`): every endpoint of a Service annotated
 *   `prometheus.io/scrape: "true"`, on the port in `prometheus.io/port` (else the endpoint's port), at the
 *   path in `prometheus.io/path` (default `/metrics`), with the scheme in `prometheus.io/scheme`. `job` is the
 *   Service's name.
 * - `kubernetes-pods` (role `pod`): the same annotations on running pods. `job` is the pod's
 *   `app.kubernetes.io/name` label, else its `app` label, else the job name.
 * - `kubelet` and `cadvisor` (role `node`, when asked): each node's kubelet `/metrics` and `/metrics/cadvisor`.
 *
 * Targets carry `namespace`, `pod`, `service` and `node` labels where they apply, `battery` from the Service's (or
 * pod's) `batteriesincl.com/battery` label, and an instance's objects (labelled `batteriesincl.com/instance-kind` and
 * `batteriesincl.com/instance`) `instance_kind` and `instance_name`.
 */
export function scrapeConfigYaml(options: ScrapeConfigOptions): string {
  const jobs: object[] = [serviceEndpointsJob(), podsJob()];
  if (options.scrapeKubelets)
    jobs.push(kubeletJob('kubelet', '/metrics'), kubeletJob('cadvisor', '/metrics/cadvisor'));
  return Yaml.stringify({ global: { scrape_interval: options.scrapeInterval }, scrape_configs: jobs });
}

/** Relabelling that turns `prometheus.io/*` annotations (of `kind`: `service` or `pod`) into the target. */
function annotationRelabels(kind: 'service' | 'pod'): RelabelConfig[] {
  const annotation = (name: string) => `__meta_kubernetes_${kind}_annotation_prometheus_io_${name}`;
  return [
    { source_labels: [annotation('scrape')], regex: 'true', action: 'keep' },
    {
      source_labels: [annotation('scheme')],
      regex: '(https?)',
      target_label: '__scheme__',
      action: 'replace',
    },
    {
      source_labels: [annotation('path')],
      regex: '(.+)',
      target_label: '__metrics_path__',
      action: 'replace',
    },
    {
      // Replace the discovered port with the annotated one; targets that become identical collapse into one.
      source_labels: ['__address__', annotation('port')],
      separator: ';',
      regex: '([^:]+)(?::\\d+)?;(\\d+)',
      replacement: '$1:$2',
      target_label: '__address__',
      action: 'replace',
    },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace', action: 'replace' },
    {
      source_labels: [`__meta_kubernetes_${kind}_label_batteriesincl_com_battery`],
      regex: '(.+)',
      target_label: 'battery',
      action: 'replace',
    },
    // Instances (PostgresCluster, RedisInstance, FerretService): their kind and name, so the console charts by them.
    {
      source_labels: [`__meta_kubernetes_${kind}_label_batteriesincl_com_instance_kind`],
      regex: '(.+)',
      target_label: 'instance_kind',
      action: 'replace',
    },
    {
      source_labels: [`__meta_kubernetes_${kind}_label_batteriesincl_com_instance`],
      regex: '(.+)',
      target_label: 'instance_name',
      action: 'replace',
    },
    { source_labels: ['__meta_kubernetes_pod_name'], regex: '(.+)', target_label: 'pod', action: 'replace' },
    {
      source_labels: ['__meta_kubernetes_pod_node_name'],
      regex: '(.+)',
      target_label: 'node',
      action: 'replace',
    },
  ];
}

function serviceEndpointsJob(): object {
  return {
    job_name: 'kubernetes-service-endpoints',
    kubernetes_sd_configs: [{ role: 'endpointslice' }],
    relabel_configs: [
      ...annotationRelabels('service'),
      { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service', action: 'replace' },
      { source_labels: ['__meta_kubernetes_service_name'], target_label: 'job', action: 'replace' },
    ],
  };
}

function podsJob(): object {
  return {
    job_name: 'kubernetes-pods',
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      {
        source_labels: ['__meta_kubernetes_pod_phase'],
        regex: 'Pending|Succeeded|Failed|Unknown',
        action: 'drop',
      },
      ...annotationRelabels('pod'),
      // The job is the pod's `app.kubernetes.io/name` label, else its `app` label (upstream manifests use either).
      {
        source_labels: ['__meta_kubernetes_pod_label_app'],
        regex: '(.+)',
        target_label: 'job',
        action: 'replace',
      },
      {
        source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
        regex: '(.+)',
        target_label: 'job',
        action: 'replace',
      },
    ],
  };
}

function kubeletJob(name: string, path: string): object {
  return {
    job_name: name,
    scheme: 'https',
    metrics_path: path,
    bearer_token_file: `${SERVICE_ACCOUNT_DIR}/token`,
    tls_config: { insecure_skip_verify: true },
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node', action: 'replace' },
    ],
  };
}
