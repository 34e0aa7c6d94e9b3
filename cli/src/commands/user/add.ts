import { Args, Flags } from '@oclif/core';
import type { AddedUser } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';

export default class UserAdd extends BaseCommand<typeof UserAdd> {
  static override summary =
    'Add a user who signs in through Keycloak, with a role; prints its password once.';
  static override description =
    'The password is generated, shown here once and stored nowhere else; Keycloak asks for a new one at first sign-in. Roles: admin (edits) and viewer (reads). Needs the sso battery.';
  static override examples = [
    '<%= config.bin %> user add alice --role admin --email alice@example.com',
    '<%= config.bin %> user add bob --role viewer',
  ];
  static override args = { username: Args.string({ description: 'User name.', required: true }) };
  static override flags = {
    ...apiFlags,
    role: Flags.string({ description: 'admin or viewer.', required: true }),
    email: Flags.string({ description: 'E-mail address (marked verified).' }),
  };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    // The role is checked by the API, so an unknown one is refused naming the field, whichever client sends it.
    const added = await api.post<AddedUser>('/api/v1/users', {
      username: this.args.username,
      role: this.flags.role,
      ...(this.flags.email ? { email: this.flags.email } : {}),
    });
    this.print(added, () =>
      [
        `Added ${added.user.username} (${added.user.role}).`,
        `Password (shown once${added.isTemporary ? '; a new one is asked for at first sign-in' : ''}): ${added.password}`,
      ].join('\n'),
    );
  }
}
