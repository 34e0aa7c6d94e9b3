/**
 * A small Prometheus registry: counters and gauges with labels, and summaries as sum/count pairs, rendered in
 * the text exposition format. Enough for the operator's own metrics without another dependency.
 */
type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge' | 'summary';
  values: Map<string, { labels: Labels; value: number; count?: number }>;
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  /** Adds `by` (default 1) to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const entry = this.entry(name, help, 'counter', labels);
    entry.value += by;
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.entry(name, help, 'gauge', labels).value = value;
  }

  /** Records one observation (e.g. a duration in seconds): exported as `_sum` and `_count`. */
  observe(name: string, help: string, value: number, labels: Labels = {}): void {
    const entry = this.entry(name, help, 'summary', labels);
    entry.value += value;
    entry.count = (entry.count ?? 0) + 1;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, series] of [...this.series].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      for (const { labels, value, count } of series.values.values()) {
        if (series.type === 'summary') {
          lines.push(`${name}_sum${format(labels)} ${value}`, `${name}_count${format(labels)} ${count ?? 0}`);
        } else {
          lines.push(`${name}${format(labels)} ${value}`);
        }
      }
    }
    return `${lines.join('\n')}\n`;
  }

  private entry(name: string, help: string, type: Series['type'], labels: Labels) {
    let series = this.series.get(name);
    if (!series) this.series.set(name, (series = { help, type, values: new Map() }));
    const key = format(labels);
    let entry = series.values.get(key);
    if (!entry) series.values.set(key, (entry = { labels, value: 0 }));
    return entry;
  }
}

function format(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
