import { Flags } from '@oclif/core';
import { COUNT_OF, PASS_STATUSES } from '@batteries-included/operator';
import type { PassCounts, PassPage } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { formatTable } from '../../lib/output.js';

/** What changed, in the past tense: `3 created, 1 pruned`; unchanged objects are not news. */
const CHANGE_COUNTS = Object.values(COUNT_OF).filter((name) => name !== 'unchanged');

/** A pass's counts in words for a table cell: `2 created, 1 pruned`, or `no changes`. */
export function formatCounts(counts: PassCounts): string {
  return (
    CHANGE_COUNTS.filter((k) => counts[k] > 0)
      .map((k) => `${counts[k]} ${k}`)
      .join(', ') || 'no changes'
  );
}

export default class History extends BaseCommand<typeof History> {
  static override summary = "List the operator's recorded passes, newest first.";
  static override examples = [
    '<%= config.bin %> history',
    '<%= config.bin %> history --limit 100 --status failed',
    '<%= config.bin %> history --before 120 --output json',
  ];
  static override flags = {
    ...apiFlags,
    limit: Flags.integer({ description: 'How many passes (1–500).', default: 20, min: 1, max: 500 }),
    before: Flags.integer({ description: 'Only passes older than this pass id (paging).' }),
    status: Flags.string({
      description: 'Only passes with this outcome.',
      options: [...PASS_STATUSES],
    }),
  };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
      readOnly: true,
    });
    const page = await api.get<PassPage>('/api/v1/passes', {
      limit: this.flags.limit,
      before: this.flags.before,
      status: this.flags.status,
    });
    this.print(page, () =>
      [
        formatTable(
          ['PASS', 'STARTED', 'STATUS', 'TRIGGER', 'CHANGES', 'DURATION'],
          page.passes.map((p) => [
            String(p.id),
            p.startedAt,
            p.status,
            p.triggerSummary,
            formatCounts(p.counts),
            `${p.durationMs} ms`,
          ]),
        ),
        ...(page.nextBefore !== undefined ? [`More: bi history --before ${page.nextBefore}`] : []),
      ].join('\n'),
    );
  }
}
