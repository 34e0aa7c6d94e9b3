import { Args, Flags } from '@oclif/core';
import { InvalidInputError } from '../../lib/errors.js';
import { createdLine, createFlags, createInstance, InstanceCommand } from '../../lib/instance-commands.js';
import { fieldOptions, namespaceFlag, POSTGRES } from '../../lib/instances.js';

/** `app` or `app:login,createdb` as a user of the spec. */
export function parseUser(value: string): { username: string; roles?: string[] } {
  const [username = '', roles] = value.split(':', 2);
  if (!username) throw new InvalidInputError(`--user ${value}: expected NAME or NAME:role,role`);
  return roles === undefined ? { username } : { username, roles: roles.split(',').filter(Boolean) };
}

export default class PostgresCreate extends InstanceCommand<typeof PostgresCreate> {
  static override family = POSTGRES;
  static override summary =
    'Create a Postgres cluster (CloudNativePG): instances, a volume, a size preset, users and a database.';
  static override description =
    'Each user gets a generated password in the Secret cloudnative-pg.pg-<cluster>.<user> (see bi postgres show). ' +
    'The kind’s schema, the capacity check and a server-side dry-run run before anything is written; a refused ' +
    'field is named. Unset fields take the schema’s defaults (size small, 1 instance).';
  static override examples = [
    '<%= config.bin %> postgres create orders -n orders --user app --database orders',
    '<%= config.bin %> postgres create orders -n orders --instances 3 --size medium --storage 100Gi',
    '<%= config.bin %> postgres create reports --user reader:login --user admin:login,createdb --database reports --owner admin',
  ];
  static override args = { name: Args.string({ description: 'The cluster’s name.', required: true }) };
  static override flags = {
    ...createFlags,
    namespace: namespaceFlag('cluster'),
    instances: Flags.integer({
      description: 'PostgreSQL instances: one primary and instances - 1 replicas.',
      min: 1,
      max: 99,
    }),
    size: Flags.string({
      description: 'Size preset of the volume, CPU and memory.',
      options: fieldOptions('PostgresCluster', 'size'),
    }),
    storage: Flags.string({ description: 'The volume of each instance, e.g. 20Gi (default: the preset’s).' }),
    'storage-class': Flags.string({ description: 'The StorageClass of the volumes (fixed after creation).' }),
    user: Flags.string({
      description: 'A user, NAME or NAME:role,role (default role login); repeat for more.',
      multiple: true,
    }),
    database: Flags.string({ description: 'The application database, created with the cluster.' }),
    owner: Flags.string({
      description: 'The database’s owner, one of the users (default: the first --user).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const users = (flags.user ?? []).map(parseUser);
    const owner = flags.owner ?? users[0]?.username;
    if (flags.database && !owner)
      throw new InvalidInputError(
        `--database ${flags.database} needs an owner: pass --user NAME (the first user owns it) or --owner`,
      );
    if (flags.owner && !flags.database) throw new InvalidInputError('--owner needs --database');
    const storage = {
      ...(flags.storage ? { size: flags.storage } : {}),
      ...(flags['storage-class'] ? { storageClass: flags['storage-class'] } : {}),
    };
    const spec = {
      ...(flags.instances !== undefined ? { instances: flags.instances } : {}),
      ...(flags.size ? { size: flags.size } : {}),
      ...(Object.keys(storage).length > 0 ? { storage } : {}),
      ...(users.length > 0 ? { users } : {}),
      ...(flags.database ? { database: { name: flags.database, owner } } : {}),
    };
    const written = await createInstance(
      await this.operatorApi(),
      { plural: POSTGRES.kinds.postgres!.plural, namespace: flags.namespace, name: this.args.name },
      spec,
      { dryRun: flags['dry-run'], confirmCapacity: flags['confirm-capacity'] },
    );
    this.print(written, () => createdLine(POSTGRES, written));
  }
}
