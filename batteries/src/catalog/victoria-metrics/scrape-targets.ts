import { BATTERY_LABEL, INSTANCE_LABEL } from '../../model/labels.js';
import type { KubeObject } from '../../model/kube-object.js';
import { VMSINGLE_NAME } from './endpoints.js';
import { SCRAPE_ANNOTATIONS } from './scrape-annotations.js';

/** One scrape target (or family of targets: every endpoint, pod or node) that a generated set of objects yields. */
export interface ScrapeTargetRow {
  /** The battery whose objects declare the target. */
  readonly battery: string;
  /** The `job` label VictoriaMetrics gives its series. */
  readonly job: string;
  /** `<port><path>`, e.g. `9402/metrics`; the Service's own ports when the annotation names none. */
  readonly port: string;
  /** The fixed labels of its series (`namespace`, `service`, `battery`, `instance_name`, …), as `k=v`. */
  readonly labels: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const NAME_LABEL = 'app.kubernetes.io/name';

interface PodMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * What VictoriaMetrics' generated scrape configuration (`scrapeConfigYaml`) finds among generated objects, by the
 * same rules: Services annotated `prometheus.io/scrape` (job = the Service's name), pod templates of workloads and
 * CloudNativePG `Cluster`s' `inheritedMetadata` so annotated (job = the pods' `app.kubernetes.io/name`, else
 * `app`, else `kubernetes-pods`), and the node jobs of the `vmsingle-scrape` ConfigMap. Sorted by battery, job and port.
 * Pure; for tests, docs and the console's "what is scraped" view.
 */
export function scrapeTargets(objects: readonly KubeObject[]): ScrapeTargetRow[] {
  const rows: ScrapeTargetRow[] = [];
  for (const object of objects) {
    const battery = object.metadata.labels?.[BATTERY_LABEL] ?? '-';
    const namespace = object.metadata.namespace ?? '';
    if (object.kind === 'Service' && isScraped(object.metadata)) {
      const ports = ((object.spec as { ports?: Array<{ port: number }> }).ports ?? []).map((p) => p.port);
      rows.push({
        battery,
        job: object.metadata.name,
        port: portAndPath(object.metadata, ports.join(',')),
        labels: labelText({
          namespace,
          service: object.metadata.name,
          battery: object.metadata.labels?.[BATTERY_LABEL],
          instance_name: object.metadata.labels?.[INSTANCE_LABEL],
        }),
      });
      continue;
    }
    const pod = podMetadata(object);
    if (pod && isScraped(pod)) {
      rows.push({
        battery,
        job: pod.labels?.[NAME_LABEL] ?? pod.labels?.app ?? 'kubernetes-pods',
        port: portAndPath(pod, '-'),
        labels: labelText({
          namespace,
          pod: `${object.metadata.name}-*`,
          battery: pod.labels?.[BATTERY_LABEL],
          instance_name: pod.labels?.[INSTANCE_LABEL],
        }),
      });
    }
    if (object.kind === 'ConfigMap' && object.metadata.name === `${VMSINGLE_NAME}-scrape`)
      rows.push(...nodeJobs(object));
  }
  return rows.sort((a, b) =>
    [a.battery, a.job, a.port, a.labels].join('\u0000') < [b.battery, b.job, b.port, b.labels].join('\u0000')
      ? -1
      : 1,
  );
}

/** The rows as a table with a header, one target per line, columns aligned: battery, job, port, labels. */
export function formatScrapeTargets(rows: readonly ScrapeTargetRow[]): string {
  const table = [
    ['BATTERY', 'JOB', 'PORT', 'LABELS'],
    ...rows.map((r) => [r.battery, r.job, r.port, r.labels]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The pod metadata a workload's template, or a CloudNativePG Cluster's `inheritedMetadata`, gives its pods. */
function podMetadata(object: KubeObject): PodMetadata | undefined {
  const spec = object.spec as
    { template?: { metadata?: PodMetadata }; inheritedMetadata?: PodMetadata } | undefined;
  if (WORKLOAD_KINDS.has(object.kind)) return spec?.template?.metadata;
  if (object.kind === 'Cluster' && object.apiVersion.startsWith('postgresql.cnpg.io/'))
    return spec?.inheritedMetadata;
  return undefined;
}

function isScraped(metadata: PodMetadata): boolean {
  return metadata.annotations?.[SCRAPE_ANNOTATIONS.scrape] === 'true';
}

function portAndPath(metadata: PodMetadata, fallbackPort: string): string {
  const annotations = metadata.annotations ?? {};
  const scheme = annotations[SCRAPE_ANNOTATIONS.scheme] === 'https' ? 'https:' : '';
  return `${scheme}${annotations[SCRAPE_ANNOTATIONS.port] ?? fallbackPort}${annotations[SCRAPE_ANNOTATIONS.path] ?? '/metrics'}`;
}

function labelText(labels: Record<string, string | undefined>): string {
  return Object.entries(labels)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/**
 * The node-role jobs (kubelet, cadvisor) of the generated scrape configuration. Read from its YAML text (the pure
 * core has no YAML parser): each job starts at a `- job_name:` line, as `scrapeConfigYaml` writes it.
 */
function nodeJobs(configMap: KubeObject): ScrapeTargetRow[] {
  const yaml = Object.values((configMap.data as Record<string, string> | undefined) ?? {})[0] ?? '';
  return yaml
    .split(/^\s*- job_name: /m)
    .slice(1)
    .filter((job) => /^\s*- role: node$/m.test(job))
    .map((job) => ({
      battery: configMap.metadata.labels?.[BATTERY_LABEL] ?? '-',
      job: job.slice(0, job.indexOf('\n')).trim(),
      port: `https:10250${/^\s*metrics_path: (\S+)$/m.exec(job)?.[1] ?? '/metrics'}`,
      labels: 'node=*',
    }));
}
