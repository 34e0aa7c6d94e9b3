import { Metrics } from './metrics.js';

describe('Metrics', () => {
  it('renders counters, gauges and summaries in the Prometheus text format, labels sorted and escaped', () => {
    const metrics = new Metrics();
    metrics.inc('bi_passes_total', 'Passes by status.', { status: 'succeeded' });
    metrics.inc('bi_passes_total', 'Passes by status.', { status: 'succeeded' });
    metrics.inc('bi_passes_total', 'Passes by status.', { status: 'partial' });
    metrics.set('bi_queue_depth', 'Pending triggers.', 3);
    metrics.observe('bi_pass_duration_seconds', 'Pass duration.', 0.5);
    metrics.observe('bi_pass_duration_seconds', 'Pass duration.', 0.25);
    metrics.inc('bi_objects_total', 'Objects by action.', { battery: 'a"b', action: 'create' }, 5);
    expect(metrics.render()).toBe(
      [
        '# HELP bi_objects_total Objects by action.',
        '# TYPE bi_objects_total counter',
        'bi_objects_total{action="create",battery="a\\"b"} 5',
        '# HELP bi_pass_duration_seconds Pass duration.',
        '# TYPE bi_pass_duration_seconds summary',
        'bi_pass_duration_seconds_sum 0.75',
        'bi_pass_duration_seconds_count 2',
        '# HELP bi_passes_total Passes by status.',
        '# TYPE bi_passes_total counter',
        'bi_passes_total{status="succeeded"} 2',
        'bi_passes_total{status="partial"} 1',
        '# HELP bi_queue_depth Pending triggers.',
        '# TYPE bi_queue_depth gauge',
        'bi_queue_depth 3',
        '',
      ].join('\n'),
    );
  });
});
