import { InstanceList } from '../../lib/instance-commands.js';
import { REDIS } from '../../lib/instances.js';

export default class RedisList extends InstanceList {
  static override family = REDIS;
  static override summary = 'List the Redis instances, with readiness, mode, instances, size and host.';
  static override examples = [
    '<%= config.bin %> redis list',
    '<%= config.bin %> redis list -n orders --output json',
  ];
}
