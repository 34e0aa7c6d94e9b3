import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Args } from '@oclif/core';
import { stringify } from 'yaml';
import { findBattery, UnknownBatteryError } from '@batteries-included/batteries';
import { BaseCommand } from '../../lib/base-command.js';
import { CliFailure, InvalidInputError } from '../../lib/errors.js';
import { EXIT_CODES } from '../../lib/exit-codes.js';
import { parseValuesFile } from '../../lib/values.js';
import { applyBatteries } from '../../kube/battery-specs.js';

export default class BatteryEdit extends BaseCommand<typeof BatteryEdit> {
  static override summary =
    "Edit an installed battery's spec in $EDITOR; it is validated before it is applied.";
  static override description = `Opens $VISUAL or $EDITOR (default vi) on the spec as YAML. On save, the spec is validated against the battery's schema and dry-run on the server; an invalid spec is not applied, and the edited file is kept so nothing typed is lost.`;
  static override examples = [
    '<%= config.bin %> battery edit redis',
    'EDITOR=nano <%= config.bin %> battery edit grafana',
  ];
  static override args = { type: Args.string({ description: 'Battery type.', required: true }) };

  async run(): Promise<void> {
    const type = this.args.type;
    const battery = findBattery(type);
    if (!battery) throw new UnknownBatteryError(type);
    const cluster = await this.connect();
    const live = (await cluster.listBatteries()).find((b) => b.metadata.name === type);
    if (!live)
      throw new InvalidInputError(`${type} is not installed; install it with: bi battery install ${type}`);
    const before = (live.spec ?? {}) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'bi-edit-'));
    const file = join(dir, `${type}.yaml`);
    writeFileSync(
      file,
      `# The spec of battery ${type}. Save and quit to apply; bi battery show ${type} lists the fields.\n${stringify(before)}`,
    );
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    const result = spawnSync(editor, [file], { stdio: 'inherit', shell: true });
    if (result.status !== 0)
      throw new CliFailure(
        `the editor (${editor}) exited with ${result.status ?? result.signal}; nothing applied`,
        EXIT_CODES.failed,
      );
    const after = parseValuesFile(readFileSync(file, 'utf8'), file);
    if (JSON.stringify(after) === JSON.stringify(before)) {
      rmSync(dir, { recursive: true, force: true });
      this.print({ changed: false }, () => `No changes to ${type}.`);
      return;
    }
    try {
      await applyBatteries(cluster, [{ type, spec: after }]);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        throw new InvalidInputError(`${error.message}\nNothing was applied; your edit is kept in ${file}`);
      }
      throw error;
    }
    rmSync(dir, { recursive: true, force: true });
    this.print({ changed: true, spec: after }, () => `Applied the edited spec of ${type}.`);
  }
}
