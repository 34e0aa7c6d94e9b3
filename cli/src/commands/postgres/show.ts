import { InstanceShow } from '../../lib/instance-commands.js';
import { POSTGRES } from '../../lib/instances.js';

export default class PostgresShow extends InstanceShow {
  static override family = POSTGRES;
  static override summary = 'Show a Postgres cluster: status, connection information and pods.';
  static override description =
    'The connection information names the read-write host, the port and each user’s credential Secret ' +
    '(cloudnative-pg.pg-<cluster>.<user>). Passwords, DSNs and URIs are printed only with --show-password.';
  static override examples = [
    '<%= config.bin %> postgres show orders -n orders',
    '<%= config.bin %> postgres show orders -n orders --show-password',
  ];
}
