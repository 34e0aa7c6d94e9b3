import type { MetricSeries } from '@batteries-included/operator/api-types';
import { formatMetric, type MetricUnit } from '../lib/metric-format.js';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 44, right: 6, top: 6, bottom: 18 };
/** Series colours: the design tokens' accents, then neutral greys. */
const COLORS = ['var(--bi-chart-1)', 'var(--bi-chart-2)', 'var(--bi-chart-3)', 'var(--bi-chart-4)'];

export interface LineChartProps {
  title: string;
  unit: MetricUnit;
  series: readonly MetricSeries[];
}

/**
 * A small SVG line chart: one line per series over a shared time axis, the value axis from zero (or the minimum,
 * when below zero) to the maximum, labelled in the unit. The latest value of each series is written out beside the
 * legend, so the chart reads without the picture (and screen readers get the same in the label).
 */
export function LineChart({ title, unit, series }: LineChartProps) {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return <p className="muted">No data in this range yet.</p>;
  const times = points.map(([t]) => t);
  const values = points.map(([, v]) => v);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const low = Math.min(0, ...values);
  const high = Math.max(...values) === low ? low + 1 : Math.max(...values);
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(t1 - t0, 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - ((v - low) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const name = (s: MetricSeries) => Object.values(s.labels).join(' ') || title;
  const latest = series.map((s) => `${name(s)} ${formatMetric(s.points.at(-1)?.[1] ?? 0, unit)}`);
  return (
    <figure className="line-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${latest.join(', ')}`}
        preserveAspectRatio="none"
      >
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(low)} y2={y(low)} />
        <text className="tick" x={PAD.left - 4} y={PAD.top + 8} textAnchor="end">
          {formatMetric(high, unit)}
        </text>
        <text className="tick" x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end">
          {formatMetric(low, unit)}
        </text>
        <text className="tick" x={PAD.left} y={HEIGHT - 4}>
          {new Date(t0 * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </text>
        <text className="tick" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          {new Date(t1 * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </text>
        {series.map((s, i) => (
          <polyline
            key={name(s)}
            className="series"
            data-points={s.points.length}
            stroke={COLORS[i % COLORS.length]}
            points={s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
        {/* The latest point of each series, so a series of one point still shows. */}
        {series.map((s, i) => {
          const last = s.points.at(-1);
          return last ? (
            <circle
              key={`${name(s)}-last`}
              cx={x(last[0])}
              cy={y(last[1])}
              r={2.5}
              fill={COLORS[i % COLORS.length]}
            />
          ) : null;
        })}
      </svg>
      <figcaption>
        {series.map((s, i) => (
          <span key={name(s)} className="legend">
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
            {latest[i]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
