import { InstanceDelete } from '../../lib/instance-commands.js';
import { REDIS } from '../../lib/instances.js';

export default class RedisDelete extends InstanceDelete {
  static override family = REDIS;
  static override summary = 'Delete a Redis instance; its data is kept.';
  static override description =
    'Its objects are pruned; the PersistentVolumeClaims of its servers stay. Asks first unless --yes.';
  static override examples = [
    '<%= config.bin %> redis delete cache -n orders',
    '<%= config.bin %> redis delete cache -n orders --yes',
  ];
}
