import { Yaml } from 'cdk8s';
import { BATTERY_LABEL, INSTANCE_LABEL } from '../../model/labels.js';

/** The port Fluent Bit serves its HTTP API (health, Prometheus metrics) on. */
export const FLUENT_BIT_HTTP_PORT = 2020;
/** Fluent Bit's Prometheus metrics, on the HTTP port. */
export const FLUENT_BIT_METRICS_PATH = '/api/v2/metrics/prometheus';
/** Where the node's container logs are (kubelet writes `/var/log/pods`, symlinked from `/var/log/containers`). */
export const HOST_LOG_PATH = '/var/log';
/** Where Fluent Bit keeps its read offsets on the node, so a restart neither loses nor repeats lines. */
export const HOST_STATE_PATH = '/var/lib/fluent-bit';

/** What the configuration depends on. */
export interface FluentBitConfigOptions {
  /** Loki's Service host, e.g. `loki.battery-core.svc`. */
  readonly lokiHost: string;
  readonly lokiPort: number;
  readonly logLevel: string;
}

/** The stream labels every line gets in Loki, by label name, as Fluent Bit record accessors. */
export const LOKI_LABELS: Readonly<Record<string, string>> = {
  job: 'fluent-bit',
  namespace: "$kubernetes['namespace_name']",
  pod: "$kubernetes['pod_name']",
  container: "$kubernetes['container_name']",
  battery: `$kubernetes['labels']['${BATTERY_LABEL}']`,
  instance: `$kubernetes['labels']['${INSTANCE_LABEL}']`,
};

/**
 * Fluent Bit's YAML configuration: tail every container log file on the node (CRI and Docker formats, long
 * lines skipped, offsets kept in a database on the host), enrich each record with its pod's metadata from the
 * API server (the `kubernetes` filter), and push to Loki with the stream labels `job`, `namespace`, `pod`,
 * `container`, `battery` (the pod's `batteriesincl.com/battery` label) and `instance` (its
 * `batteriesincl.com/instance` label) — a label whose value a pod lacks is left out. The line itself is the
 * log message; the pod metadata is dropped from it once it is in the labels. Pods annotated
 * `fluentbit.io/exclude: "true"` are not shipped.
 */
export function fluentBitConfigYaml(options: FluentBitConfigOptions): string {
  return Yaml.stringify({
    service: {
      flush: 1,
      log_level: options.logLevel,
      http_server: 'on',
      http_listen: '0.0.0.0',
      http_port: FLUENT_BIT_HTTP_PORT,
      health_check: 'on',
    },
    pipeline: {
      inputs: [
        {
          name: 'tail',
          tag: 'kube.*',
          path: `${HOST_LOG_PATH}/containers/*.log`,
          'multiline.parser': 'cri, docker',
          db: `${HOST_STATE_PATH}/tail.db`,
          'db.locking': true,
          mem_buf_limit: '50MB',
          skip_long_lines: 'on',
          refresh_interval: 10,
        },
      ],
      filters: [
        {
          name: 'kubernetes',
          match: 'kube.*',
          kube_tag_prefix: 'kube.var.log.containers.',
          merge_log: 'off',
          keep_log: 'on',
          labels: 'on',
          annotations: 'off',
          'k8s-logging.exclude': 'on',
        },
      ],
      outputs: [
        {
          name: 'loki',
          match: 'kube.*',
          host: options.lokiHost,
          port: options.lokiPort,
          labels: Object.entries(LOKI_LABELS)
            .map(([name, value]) => `${name}=${value}`)
            .join(', '),
          remove_keys: 'kubernetes, stream, _p',
          line_format: 'key',
          drop_single_key: 'raw',
          retry_limit: 'no_limits',
        },
      ],
    },
  });
}
