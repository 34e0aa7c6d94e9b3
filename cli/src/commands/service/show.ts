import { Args } from '@oclif/core';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { describeInstance } from '../../lib/instance-commands.js';
import { findInstance, instancePods, serviceFlags, SERVICES } from '../../lib/instances.js';

export default class ServiceShow extends BaseCommand<typeof ServiceShow> {
  static override summary = 'Show a service: its status, URL, spec and pods.';
  static override examples = [
    '<%= config.bin %> service show web -n shop',
    '<%= config.bin %> service show hello -n shop --kind knative --output yaml',
  ];
  static override args = { name: Args.string({ description: 'The service’s name.', required: true }) };
  static override flags = { ...apiFlags, ...serviceFlags };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const service = await findInstance(api, SERVICES, this.args.name, this.flags.namespace, this.flags.kind);
    const pods = await instancePods(api, service);
    this.print({ ...service, pods }, () => describeInstance(service, SERVICES, pods));
  }
}
