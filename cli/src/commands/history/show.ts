import { Args } from '@oclif/core';
import type { PassDetail } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { InvalidInputError } from '../../lib/errors.js';
import { formatTable } from '../../lib/output.js';
import { formatCounts } from './index.js';

export default class HistoryShow extends BaseCommand<typeof HistoryShow> {
  static override summary = 'Show one pass: its outcome and every object it changed or failed on.';
  static override examples = [
    '<%= config.bin %> history show 41',
    '<%= config.bin %> history show 41 --output yaml',
  ];
  static override args = { pass: Args.string({ description: 'Pass id (from bi history).', required: true }) };
  static override flags = { ...apiFlags };

  async run(): Promise<void> {
    if (!/^\d+$/.test(this.args.pass))
      throw new InvalidInputError(
        `PASS must be a pass id (a number from bi history), not "${this.args.pass}"`,
      );
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
      readOnly: true,
    });
    const pass = await api.get<PassDetail>(`/api/v1/passes/${this.args.pass}`);
    this.print(pass, () =>
      [
        `Pass ${pass.id}: ${pass.status} — ${pass.trigger || 'no trigger'}`,
        `Started ${pass.startedAt}, took ${pass.durationMs} ms; ${formatCounts(pass.counts)}`,
        ...(pass.error ? [`Error: ${pass.error}`] : []),
        '',
        pass.objects.length > 0
          ? formatTable(
              ['OBJECT', 'BATTERY', 'ACTION', 'MESSAGE'],
              pass.objects.map((o) => [o.ref, o.battery ?? '-', o.action, o.message ?? '']),
            )
          : 'No object changed in this pass.',
      ].join('\n'),
    );
  }
}
