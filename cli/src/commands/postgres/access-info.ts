import { Args, Flags } from '@oclif/core';
import { fieldLines, InstanceCommand } from '../../lib/instance-commands.js';
import { POSTGRES } from '../../lib/instances.js';
import { accessInfo, credentialsFor, MASK, postgresUserFlags } from '../../lib/postgres-access.js';

export default class PostgresAccessInfo extends InstanceCommand<typeof PostgresAccessInfo> {
  static override family = POSTGRES;
  static override summary = 'Print how to connect to a Postgres cluster as one of its users.';
  static override description =
    'Host, port, database, username, the credential Secret (cloudnative-pg.pg-<cluster>.<user>) and the DSN and ' +
    'URI, read through the operator API’s admin-only credentials route. The password is masked (****) in every ' +
    'output format unless --show-password. The host is the cluster’s in-cluster service; from elsewhere use ' +
    'bi postgres port-forward or bi postgres psql.';
  static override examples = [
    '<%= config.bin %> postgres access-info orders -n orders',
    '<%= config.bin %> postgres access-info orders -n orders --user reader --output json',
    '<%= config.bin %> postgres access-info orders -n orders --show-password',
  ];
  static override args = { name: Args.string({ description: 'The cluster’s name.', required: true }) };
  static override flags = {
    ...postgresUserFlags,
    'show-password': Flags.boolean({
      description: 'Print the password, and the DSN and URI with it.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const api = await this.operatorApi();
    const { instance, credentials } = await credentialsFor(api, { ...flags, name: this.args.name });
    const info = accessInfo(instance, credentials, { showPassword: flags['show-password'] });
    this.print(info, () =>
      [
        `Postgres cluster ${info.namespace}/${info.cluster}, user ${info.username}`,
        ...fieldLines([
          ['Host', info.host],
          ['Port', info.port],
          ['Database', info.database],
          ['Username', info.username],
          ['Password', info.password ?? `${MASK} (pass --show-password to print it)`],
          ['Secret', info.secret],
          ['DSN', info.dsn],
          ['URI', info.uri],
        ]),
        '',
        `The host resolves inside the cluster. From here: bi postgres psql ${info.cluster} -n ${info.namespace}` +
          `${flags.user ? ` --user ${info.username}` : ''}, or bi postgres port-forward ${info.cluster} -n ${info.namespace}`,
      ].join('\n'),
    );
  }
}
