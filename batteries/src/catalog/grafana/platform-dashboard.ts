import { METRICS_DATASOURCE_UID } from './dashboards.js';

/** The uid of the platform's own dashboard, so links to it are stable. */
export const PLATFORM_DASHBOARD_UID = 'batteries-included-platform';

interface PanelProps {
  readonly title: string;
  readonly description: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly type?: 'timeseries' | 'state-timeline';
}

const WIDTH = 12;
const HEIGHT = 8;

/**
 * "Batteries Included / Platform": ours, generated here rather than obtained, from the operator's own metrics —
 * pass duration, passes by outcome, objects by action, failed objects and passes, and each battery's readiness.
 * Its queries use the VictoriaMetrics datasource by uid.
 */
export function platformDashboard(): Record<string, unknown> {
  const panels: PanelProps[] = [
    {
      title: 'Pass duration',
      description: 'Mean duration of the passes in each interval.',
      expr: 'sum(rate(bi_pass_duration_seconds_sum[$__rate_interval])) / sum(rate(bi_pass_duration_seconds_count[$__rate_interval]))',
      legend: 'mean',
      unit: 's',
    },
    {
      title: 'Passes by outcome',
      description: 'Passes per second: done, retry (a transient failure) or terminal (waits for a change).',
      expr: 'sum by (outcome) (rate(bi_passes_total[$__rate_interval]))',
      legend: '{{outcome}}',
      unit: 'ops',
    },
    {
      title: 'Objects by action',
      description: 'Objects handled by passes per second: created, updated, pruned, unchanged, drifted.',
      expr: 'sum by (action) (rate(bi_objects_total{outcome!="failed"}[$__rate_interval]))',
      legend: '{{action}}',
      unit: 'ops',
    },
    {
      title: 'Failures',
      description: 'Objects that failed to apply or prune.',
      expr: 'sum(increase(bi_objects_total{outcome="failed"}[$__rate_interval])) or vector(0)',
      legend: 'failed objects',
      unit: 'short',
    },
    {
      title: 'Battery readiness',
      description: 'Each battery: Ready (1) or not (0).',
      expr: 'max by (battery) (bi_battery_ready)',
      legend: '{{battery}}',
      unit: 'bool',
      type: 'state-timeline',
    },
  ];
  return {
    uid: PLATFORM_DASHBOARD_UID,
    title: 'Batteries Included / Platform',
    tags: ['batteries-included'],
    timezone: 'browser',
    refresh: '30s',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    editable: false,
    panels: panels.map((panel, index) => ({
      id: index + 1,
      type: panel.type ?? 'timeseries',
      title: panel.title,
      description: panel.description,
      datasource: { type: 'prometheus', uid: METRICS_DATASOURCE_UID },
      gridPos: { x: (index % 2) * WIDTH, y: Math.floor(index / 2) * HEIGHT, w: WIDTH, h: HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: [
        {
          refId: 'A',
          datasource: { type: 'prometheus', uid: METRICS_DATASOURCE_UID },
          expr: panel.expr,
          legendFormat: panel.legend,
        },
      ],
    })),
  };
}
