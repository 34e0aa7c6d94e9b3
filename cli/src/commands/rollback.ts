import { Args, Flags } from '@oclif/core';
import type {
  RollbackPreview,
  RollbackRequest,
  RollbackResult,
} from '@batteries-included/operator/api-types';
import { BaseCommand } from '../lib/base-command.js';
import { apiFlags, connectApi } from '../lib/api-client.js';
import { InvalidInputError } from '../lib/errors.js';
import { confirm } from '../lib/prompt.js';

export default class Rollback extends BaseCommand<typeof Rollback> {
  static override summary =
    'Restore the Battery specs recorded at a pass: preview the diff, confirm, restore.';
  static override description = `Shows what restoring would change (specs and the objects the operator would then change), refuses when that would break a battery that stays (--cascade resolves a dependent that needs removing), asks for confirmation (or --yes), then writes the specs back; the operator's next pass applies them. Under GitOps, revert in git instead: the next sync would undo this.`;
  static override examples = [
    '<%= config.bin %> rollback 31',
    '<%= config.bin %> rollback 31 --battery redis --yes',
    '<%= config.bin %> rollback 31 --dry-run --output json',
  ];
  static override args = {
    pass: Args.string({ description: 'Pass id to roll back to (from bi history).', required: true }),
  };
  static override flags = {
    ...apiFlags,
    battery: Flags.string({ description: 'Only restore these batteries. Repeatable.', multiple: true }),
    cascade: Flags.boolean({
      description: 'Also uninstall batteries the restored specs leave without their dependencies.',
    }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
    'dry-run': Flags.boolean({ description: 'Preview only; change nothing.' }),
  };

  async run(): Promise<void> {
    if (!/^\d+$/.test(this.args.pass))
      throw new InvalidInputError(
        `PASS must be a pass id (a number from bi history), not "${this.args.pass}"`,
      );
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const query = { batteries: this.flags.battery?.join(','), cascade: this.flags.cascade || undefined };
    const preview = await api.get<RollbackPreview>(`/api/v1/rollback/${this.args.pass}/preview`, query);
    const changing = preview.batteries.filter((b) => b.action !== 'unchanged');
    const summary = [
      `Rollback to pass ${preview.pass.id} (${preview.pass.startedAt}, ${preview.pass.status}):`,
      ...changing.map(
        (b) =>
          `  ${b.type}: ${b.action}${b.fields.map((f) => `\n      ${f.path}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join('')}`,
      ),
      ...(changing.length === 0 ? ['  every battery already has the spec it had then'] : []),
      ...(preview.text ? ['', preview.text] : []),
      ...preview.problems.map((p) => `problem: ${p.battery}: ${p.message}`),
    ].join('\n');
    if (this.flags['dry-run'] || changing.length === 0) {
      this.print(preview, () => summary);
      return;
    }
    this.note(summary);
    if (preview.problems.length > 0) {
      throw new InvalidInputError(
        `the rollback would break batteries that stay:\n${preview.problems.map((p) => `  - ${p.battery}: ${p.message}`).join('\n')}\n--cascade uninstalls the dependents that would break`,
      );
    }
    if (
      !this.flags.yes &&
      !(await confirm(`Restore ${changing.map((b) => b.type).join(', ')} to pass ${preview.pass.id}?`))
    ) {
      this.note('Nothing restored.');
      return;
    }
    const result = await api.post<RollbackResult>(`/api/v1/rollback/${this.args.pass}`, {
      ...(this.flags.battery ? { batteries: this.flags.battery } : {}),
      cascade: this.flags.cascade,
    } satisfies RollbackRequest);
    this.print(
      result,
      () =>
        `Restored: ${
          result.batteries
            .filter((b) => b.isWritten)
            .map((b) => `${b.type} (${b.action})`)
            .join(', ') || 'nothing'
        }. The operator applies it in its next pass (bi status).`,
    );
  }
}
