import { Yaml } from 'cdk8s';

/** Where the datasources Grafana should have live, as the batteries that serve them report. */
export interface DatasourceTargets {
  /** VictoriaMetrics' query URL, when the victoria-metrics battery is installed. */
  readonly victoriaMetricsUrl?: string;
  /** Loki's URL, when the loki battery is installed. */
  readonly lokiUrl?: string;
}

/**
 * Grafana's datasource provisioning file (`apiVersion: 1`): a `prometheus`-type datasource `VictoriaMetrics`
 * (uid `victoria-metrics`) and a `loki` datasource `Loki` (uid `loki`), each only when its URL is given.
 * Metrics are the default datasource when present, else logs. Provisioned datasources are read-only in the UI.
 */
export function datasourcesYaml(targets: DatasourceTargets): string {
  const datasources: object[] = [];
  if (targets.victoriaMetricsUrl) {
    datasources.push({
      name: 'VictoriaMetrics',
      uid: 'victoria-metrics',
      type: 'prometheus',
      access: 'proxy',
      url: targets.victoriaMetricsUrl,
      isDefault: true,
      editable: false,
      jsonData: { httpMethod: 'POST' },
    });
  }
  if (targets.lokiUrl) {
    datasources.push({
      name: 'Loki',
      uid: 'loki',
      type: 'loki',
      access: 'proxy',
      url: targets.lokiUrl,
      isDefault: !targets.victoriaMetricsUrl,
      editable: false,
      jsonData: { maxLines: 1000 },
    });
  }
  return Yaml.stringify({ apiVersion: 1, datasources });
}
