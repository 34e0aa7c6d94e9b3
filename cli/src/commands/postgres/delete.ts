import { InstanceDelete } from '../../lib/instance-commands.js';
import { POSTGRES } from '../../lib/instances.js';

export default class PostgresDelete extends InstanceDelete {
  static override family = POSTGRES;
  static override summary = 'Delete a Postgres cluster; its data is kept.';
  static override description =
    'The CloudNativePG Cluster that owns the volumes stays, labelled orphaned, with its PersistentVolumeClaims; ' +
    'the command that deletes it is printed. Asks first unless --yes.';
  static override examples = [
    '<%= config.bin %> postgres delete orders -n orders',
    '<%= config.bin %> postgres delete orders -n orders --dry-run',
  ];
}
