import { Args, Flags } from '@oclif/core';
import {
  findBattery,
  refOf,
  reverseDependents,
  uninstallOrder,
  UnknownBatteryError,
} from '@batteries-included/batteries';
import { BaseCommand } from '../../lib/base-command.js';
import { InvalidInputError, WaitTimeoutError } from '../../lib/errors.js';
import { confirm } from '../../lib/prompt.js';

export default class BatteryUninstall extends BaseCommand<typeof BatteryUninstall> {
  static override summary = 'Uninstall batteries; refuses while other installed batteries depend on them.';
  static override description = `Installed batteries that depend on one being removed are named and the command refuses, unless --cascade, which removes them too (dependents first; confirm, or --yes). Waits until each Battery object is gone, which means the operator has pruned its objects (volumes are kept and labelled orphaned).`;
  static override examples = [
    '<%= config.bin %> battery uninstall grafana',
    '<%= config.bin %> battery uninstall victoria-metrics --cascade --yes',
  ];
  static override strict = false;
  static override args = {
    types: Args.string({ description: 'Battery types to uninstall.', required: true }),
  };
  static override flags = {
    cascade: Flags.boolean({ description: 'Also uninstall the installed batteries that depend on them.' }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask before a cascade.' }),
    wait: Flags.boolean({ description: 'Wait until each battery is gone.', default: true, allowNo: true }),
    timeout: Flags.integer({ description: 'Seconds to wait for each battery.', default: 180 }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(BatteryUninstall);
    const types = [...new Set(argv as string[])];
    for (const type of types) {
      const battery = findBattery(type);
      if (!battery) throw new UnknownBatteryError(type);
      if (!battery.uninstallable) {
        throw new InvalidInputError(
          `${type} cannot be uninstalled: the platform needs it (bi stop removes the whole platform)`,
        );
      }
    }
    const cluster = await this.connect();
    const installed = new Map((await cluster.listBatteries()).map((b) => [b.metadata.name, b]));
    const missing = types.filter((t) => !installed.has(t));
    if (missing.length > 0) throw new InvalidInputError(`not installed: ${missing.join(', ')}`);
    const removing = new Set(types);
    const dependents = [...new Set(types.flatMap((t) => reverseDependents(t, installed.keys())))].filter(
      (d) => !removing.has(d),
    );
    if (dependents.length > 0) {
      if (!this.flags.cascade) {
        const detail = types
          .map((t) => [t, reverseDependents(t, installed.keys()).filter((d) => !removing.has(d))] as const)
          .filter(([, deps]) => deps.length > 0)
          .map(([t, deps]) => `${t} is needed by ${deps.join(', ')}`);
        throw new InvalidInputError(
          `refusing to uninstall: ${detail.join('; ')}. Uninstall those first, or pass --cascade`,
        );
      }
      if (
        !this.flags.yes &&
        !(await confirm(`--cascade also uninstalls ${dependents.join(', ')}. Continue?`))
      ) {
        this.note('Nothing uninstalled.');
        return;
      }
      for (const d of dependents) removing.add(d);
    }
    const order = uninstallOrder([...removing]);
    for (const type of order) {
      const battery = installed.get(type)!;
      await cluster.client.delete(refOf(battery));
      this.note(`deleting ${type}`);
      if (!this.flags.wait) continue;
      const deadline = Date.now() + this.flags.timeout * 1000;
      while (await cluster.client.get(battery)) {
        if (Date.now() > deadline)
          throw new WaitTimeoutError(
            `${type} is still being removed after ${this.flags.timeout} s (is the operator running?)`,
          );
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.print({ uninstalled: order }, () => `Uninstalled ${order.join(', ')}.`);
  }
}
