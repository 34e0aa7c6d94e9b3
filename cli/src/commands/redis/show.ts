import { InstanceShow } from '../../lib/instance-commands.js';
import { REDIS } from '../../lib/instances.js';

export default class RedisShow extends InstanceShow {
  static override family = REDIS;
  static override summary = 'Show a Redis instance: status, connection information and pods.';
  static override description =
    'The connection information names the host, the port (and the Sentinel or replica hosts by mode) and the ' +
    'password Secret redis-<name>-password. The password is printed only with --show-password.';
  static override examples = [
    '<%= config.bin %> redis show cache -n orders',
    '<%= config.bin %> redis show cache -n orders --show-password --output json',
  ];
}
