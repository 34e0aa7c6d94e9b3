import type { UserList } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { formatTable } from '../../lib/output.js';

export default class UserListCommand extends BaseCommand<typeof UserListCommand> {
  static override summary = 'List the users who sign in through Keycloak (sso), with their role.';
  static override description =
    'Users of the realm batterycore: admin edits, viewer reads. A user in neither group cannot use the console. Needs the sso battery.';
  static override examples = ['<%= config.bin %> user', '<%= config.bin %> user --output json'];
  static override flags = { ...apiFlags };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const { users } = await api.get<UserList>('/api/v1/users');
    this.print(users, () =>
      users.length > 0
        ? formatTable(
            ['USER', 'ROLE', 'EMAIL', 'ENABLED'],
            users.map((u) => [u.username, u.role ?? '(none)', u.email ?? '-', u.enabled ? 'yes' : 'no']),
          )
        : 'No users yet: bi user add <name> --role admin',
    );
  }
}
