import type { Battery, PassSummary } from '@batteries-included/operator/api-types';
import { needsAttention } from './attention.js';

const battery = (
  type: string,
  ready: Battery['ready'],
  conditions: Array<[string, 'True' | 'False' | 'Unknown', string]> = [],
) =>
  ({
    type,
    name: type,
    group: 'data',
    kind: 'X',
    spec: {},
    ready,
    resourceVersion: '1',
    generation: 1,
    createdAt: '',
    isDeleting: false,
    status: {
      conditions: conditions.map(([t, status, message]) => ({
        type: t,
        status,
        message,
        reason: 'R',
        lastTransitionTime: '',
      })),
    },
  }) satisfies Battery;

const pass = (id: number, status: PassSummary['status'], failed = 0) =>
  ({
    id,
    status,
    startedAt: '',
    finishedAt: '',
    durationMs: 1,
    trigger: 'resync',
    triggerSummary: 'resync',
    inputsHash: '',
    manifestHash: '',
    snapshotHash: '',
    counts: { created: 0, updated: 0, unchanged: 0, drifted: 0, pruned: 0, orphaned: 0, failed },
  }) satisfies PassSummary;

describe('what needs attention', () => {
  it('puts a failed latest pass first, then batteries not ready with the reason that matters', () => {
    const items = needsAttention(
      [
        battery('redis', 'True'),
        battery('grafana', 'False', [
          ['DependenciesMet', 'False', 'needs core: bi install core'],
          ['Ready', 'False', 'waiting'],
        ]),
        battery('loki', 'Unknown', [['Ready', 'Unknown', '1/2 replicas ready']]),
      ],
      [pass(9, 'partial', 2), pass(8, 'succeeded')],
    );
    expect(items.map((i) => `${i.title}: ${i.message}`)).toEqual([
      'Pass #9 partial: 2 objects failed',
      'grafana: needs core: bi install core',
      'loki: 1/2 replicas ready',
    ]);
    expect(items[0]!.to).toBe('/passes/9');
  });

  it('is empty when the last pass succeeded and everything is ready', () => {
    expect(needsAttention([battery('redis', 'True')], [pass(3, 'succeeded'), pass(2, 'failed')])).toEqual([]);
  });
});
