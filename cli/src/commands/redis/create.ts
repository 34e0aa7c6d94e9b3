import { Args, Flags } from '@oclif/core';
import { createdLine, createFlags, createInstance, InstanceCommand } from '../../lib/instance-commands.js';
import { fieldOptions, namespaceFlag, REDIS } from '../../lib/instances.js';

export default class RedisCreate extends InstanceCommand<typeof RedisCreate> {
  static override family = REDIS;
  static override summary = 'Create a Redis instance: its mode, servers, size preset and volume.';
  static override description =
    'The password is generated into the Secret redis-<name>-password (see bi redis show). The kind’s schema, the ' +
    'capacity check and a server-side dry-run run before anything is written; a refused field is named (for ' +
    'example more than one instance in standalone mode).';
  static override examples = [
    '<%= config.bin %> redis create cache -n orders',
    '<%= config.bin %> redis create sessions -n orders --mode sentinel --instances 3 --size medium',
  ];
  static override args = { name: Args.string({ description: 'The instance’s name.', required: true }) };
  static override flags = {
    ...createFlags,
    namespace: namespaceFlag('instance'),
    mode: Flags.string({
      description: 'standalone (one server), replication, sentinel or cluster (fixed after creation).',
      options: fieldOptions('RedisInstance', 'mode'),
    }),
    instances: Flags.integer({ description: 'Redis servers (1 in standalone mode).', min: 1, max: 30 }),
    size: Flags.string({
      description: 'Size preset of the volume, CPU and memory.',
      options: fieldOptions('RedisInstance', 'size'),
    }),
    storage: Flags.string({ description: 'The volume of each server, e.g. 8Gi (default: the preset’s).' }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const spec = {
      ...(flags.mode ? { mode: flags.mode } : {}),
      ...(flags.instances !== undefined ? { instances: flags.instances } : {}),
      ...(flags.size ? { size: flags.size } : {}),
      ...(flags.storage ? { storageSize: flags.storage } : {}),
    };
    const written = await createInstance(
      await this.operatorApi(),
      { plural: REDIS.kinds.redis!.plural, namespace: flags.namespace, name: this.args.name },
      spec,
      { dryRun: flags['dry-run'], confirmCapacity: flags['confirm-capacity'] },
    );
    this.print(written, () => createdLine(REDIS, written));
  }
}
