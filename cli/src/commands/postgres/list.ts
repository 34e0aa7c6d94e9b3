import { InstanceList } from '../../lib/instance-commands.js';
import { POSTGRES } from '../../lib/instances.js';

export default class PostgresList extends InstanceList {
  static override family = POSTGRES;
  static override summary = 'List the Postgres clusters, with readiness, instances, size and host.';
  static override examples = [
    '<%= config.bin %> postgres list',
    '<%= config.bin %> postgres list -n orders --output json',
  ];
}
