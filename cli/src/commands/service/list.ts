import { Flags } from '@oclif/core';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { formatTable } from '../../lib/output.js';
import { listServices, podsCell } from '../../lib/services.js';

export default class ServiceList extends BaseCommand<typeof ServiceList> {
  static override summary = 'List the traditional and Knative services, with readiness, pods and URL.';
  static override examples = [
    '<%= config.bin %> service list',
    '<%= config.bin %> service list -n shop --output json',
  ];
  static override flags = {
    ...apiFlags,
    namespace: Flags.string({ char: 'n', description: 'Only this namespace (default: all).' }),
  };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const services = await listServices(api, this.flags.namespace);
    this.print(services, () =>
      services.length === 0
        ? 'No services. Deploy one with: bi service deploy -f service.yaml'
        : formatTable(
            ['NAMESPACE', 'NAME', 'KIND', 'READY', 'PODS', 'URL'],
            services.map((s) => [s.namespace, s.name, s.kind, s.ready, podsCell(s), s.url ?? '-']),
          ),
    );
  }
}
