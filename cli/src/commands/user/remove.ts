import { Args } from '@oclif/core';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';

export default class UserRemove extends BaseCommand<typeof UserRemove> {
  static override summary = 'Remove a user who signs in through Keycloak.';
  static override examples = ['<%= config.bin %> user remove bob'];
  static override args = { username: Args.string({ description: 'User name.', required: true }) };
  static override flags = { ...apiFlags };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    await api.delete(`/api/v1/users/${encodeURIComponent(this.args.username)}`);
    this.print({ removed: this.args.username }, () => `Removed ${this.args.username}.`);
  }
}
