import { BaseCommand } from '../lib/base-command.js';
import { CATALOG } from '@batteries-included/batteries';

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Print the version of bi, Node and the battery catalog.';
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --output json'];

  async run(): Promise<void> {
    const info = {
      bi: this.config.version,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      batteries: CATALOG.length,
    };
    this.print(
      info,
      () => `bi ${info.bi} (node ${info.node}, ${info.platform}; ${info.batteries} batteries in the catalog)`,
    );
  }
}
