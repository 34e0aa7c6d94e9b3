import { BaseCommand } from '../../lib/base-command.js';
import { formatTable } from '../../lib/output.js';
import { catalogRows } from '../../kube/battery-view.js';

export default class BatteryList extends BaseCommand<typeof BatteryList> {
  static override summary = 'List the battery catalog, by group, with what is installed and Ready.';
  static override examples = [
    '<%= config.bin %> battery list',
    '<%= config.bin %> battery list --output json',
  ];

  async run(): Promise<void> {
    const cluster = await this.connect();
    const rows = catalogRows(await cluster.listBatteries());
    this.print(rows, () =>
      formatTable(
        ['GROUP', 'TYPE', 'INSTALLED', 'READY', 'RESOURCES', 'DEPENDS ON', 'DESCRIPTION'],
        rows.map((r) => [
          r.group,
          r.type,
          r.installed ? '✓' : '',
          r.ready,
          r.resources,
          r.dependencies.join(',') || '-',
          r.description.length > 60 ? `${r.description.slice(0, 57)}...` : r.description,
        ]),
      ),
    );
  }
}
