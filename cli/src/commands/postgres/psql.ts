import { Args, Flags } from '@oclif/core';
import { runAttached } from '../../kind/tools.js';
import { forwardToPrimary } from '../../kube/postgres-primary.js';
import { InvalidInputError } from '../../lib/errors.js';
import { InstanceCommand } from '../../lib/instance-commands.js';
import { POSTGRES } from '../../lib/instances.js';
import { credentialsFor, postgresUserFlags, psqlEnvironment } from '../../lib/postgres-access.js';

export default class PostgresPsql extends InstanceCommand<typeof PostgresPsql> {
  static override family = POSTGRES;
  static override summary = 'Run psql on this machine, connected to a Postgres cluster as one of its users.';
  static override description =
    'The user’s credentials come from the operator API’s admin-only credentials route and reach psql in its ' +
    'environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), never in its arguments or bi’s output. psql ' +
    'connects through a port-forward to the cluster’s primary that bi opens and closes itself; with --host (and ' +
    '--port) it connects there directly instead, for a cluster reachable from here. Arguments after -- go to psql. ' +
    'Needs psql on PATH (Debian and Ubuntu: the postgresql-client package). Exits with psql’s exit code.';
  static override examples = [
    '<%= config.bin %> postgres psql orders -n orders',
    "<%= config.bin %> postgres psql orders -n orders --user reader -- -c 'select count(*) from orders'",
    '<%= config.bin %> postgres psql orders -n orders --host pg-orders-rw.orders.svc',
  ];
  static override strict = false;
  static override args = { name: Args.string({ description: 'The cluster’s name.', required: true }) };
  static override flags = {
    ...postgresUserFlags,
    host: Flags.string({
      description: 'Connect to this host directly, no port-forward (default port: the credential Secret’s).',
    }),
    port: Flags.integer({
      description: 'The port to connect to directly (with --host; alone: the Secret’s host).',
      min: 1,
      max: 65_535,
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const psqlArgs = await this.psqlArgs();
    const { instance, credentials } = await credentialsFor(await this.operatorApi(), {
      ...flags,
      name: this.args.name,
    });
    const isDirect = flags.host !== undefined || flags.port !== undefined;
    const forward = isDirect
      ? undefined
      : await forwardToPrimary(await this.connect(), instance, {
          onError: (message) => this.note(`Error: port-forward: ${message}`),
        });
    const address = forward
      ? { host: forward.host, port: forward.port }
      : { host: flags.host ?? credentials.host, port: flags.port ?? credentials.port };
    this.debugLine(
      `psql as ${credentials.username} to ${address.host}:${address.port}/${credentials.database}` +
        (forward ? ` (forwarded to pod ${instance.namespace}/${forward.pod})` : ''),
    );
    let code: number;
    try {
      code = await runAttached('psql', psqlArgs, { env: psqlEnvironment(credentials, address) });
    } finally {
      await forward?.close();
    }
    if (code !== 0) this.exit(code);
  }

  /** The arguments after `--`; anything else besides NAME is refused, so a psql option is never taken for bi's. */
  private async psqlArgs(): Promise<string[]> {
    const dash = this.argv.indexOf('--');
    const passed = dash >= 0 ? this.argv.slice(dash + 1) : [];
    const { argv } = await this.parse(PostgresPsql);
    const extra = argv.slice(1).length - passed.length;
    if (extra !== 0)
      throw new InvalidInputError(
        `unexpected arguments ${argv.slice(1, 1 + extra).join(' ')}: psql’s arguments go after --, e.g. bi postgres psql ${this.args.name} -- -c 'select 1'`,
      );
    return passed;
  }
}
