import { useState } from 'react';
import { Link } from 'react-router';
import type { MetricRange, NamedQuery } from '@batteries-included/operator/api-types';
import { useMetricQuery, useNamedQueries, type MetricScope } from '../api/metrics.js';
import { LineChart } from './line-chart.js';
import { ProblemAlert } from './problem.js';
import { Skeleton } from './skeleton.js';

const RANGES: readonly MetricRange[] = ['15m', '1h', '6h', '24h', '7d'];
/** Every battery's panel starts with these; its key metrics follow. */
const WORKLOAD_QUERIES = ['cpu', 'memory', 'restarts'];

export interface MetricsPanelProps {
  /** The battery type whose pods the charts cover. */
  battery: string;
}

/**
 * Charts beside a battery's edit form: CPU, memory and restarts of its pods, and its key metrics (connections for
 * Postgres, memory and hit rate for Redis, ingestion for VictoriaMetrics), from the operator's named queries.
 * Without VictoriaMetrics it says what installing it would show, with the button. Loaded lazily.
 */
export default function MetricsPanel({ battery }: MetricsPanelProps) {
  const list = useNamedQueries();
  const [range, setRange] = useState<MetricRange>('1h');
  if (list.isPending) return <Skeleton lines={3} />;
  if (list.error) return <ProblemAlert error={list.error} />;
  const byName = new Map(list.data.queries.map((q) => [q.name, q]));
  const names = [...WORKLOAD_QUERIES, ...(list.data.keyQueries[battery] ?? [])];
  const queries = names.map((n) => byName.get(n)).filter((q): q is NamedQuery => q !== undefined);
  if (!list.data.installed)
    return (
      <div className="metrics-empty">
        <p>
          Install VictoriaMetrics to see {queries.map((q) => q.title.toLowerCase()).join(', ')} of this
          battery’s pods here, kept for as long as its retention says.
        </p>
        <Link role="button" className="secondary" to="/catalog?install=victoria-metrics">
          Install VictoriaMetrics
        </Link>
      </div>
    );
  return (
    <>
      <label className="metrics-range">
        Range{' '}
        <select
          value={range}
          onChange={(e) => setRange(e.target.value as MetricRange)}
          aria-label="Metrics range"
        >
          {RANGES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <div className="metrics-grid">
        {queries.map((query) => (
          <MetricChart
            key={query.name}
            query={query}
            scope={query.scope === 'workload' ? { battery } : null}
            range={range}
          />
        ))}
      </div>
    </>
  );
}

function MetricChart({ query, scope, range }: { query: NamedQuery; scope: MetricScope; range: MetricRange }) {
  const result = useMetricQuery(query.name, scope, range);
  return (
    <article className="metric-card" aria-label={query.title}>
      <header title={query.description}>{query.title}</header>
      {result.isPending ? (
        <Skeleton lines={3} />
      ) : result.error ? (
        <ProblemAlert error={result.error} />
      ) : (
        <LineChart title={query.title} unit={query.unit} series={result.data.series} />
      )}
    </article>
  );
}
