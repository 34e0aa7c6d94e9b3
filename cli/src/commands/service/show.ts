import { Args } from '@oclif/core';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { formatTable } from '../../lib/output.js';
import { findService, podsCell, serviceFlags, servicePods } from '../../lib/services.js';

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
    const service = await findService(api, this.args.name, this.flags.namespace, this.flags.kind);
    const pods = await servicePods(api, service);
    this.print({ ...service, pods }, () =>
      [
        `${service.kind} ${service.namespace}/${service.name}`,
        `Ready:   ${service.ready}${service.message ? ` — ${service.message}` : ''}`,
        `Pods:    ${podsCell(service)}`,
        `URL:     ${service.url ?? '-'}`,
        `Spec:    ${JSON.stringify(service.spec)}`,
        '',
        pods.length === 0
          ? 'No pods.'
          : formatTable(
              ['POD', 'PHASE', 'READY', 'RESTARTS', 'NODE'],
              pods.map((p) => [p.name, p.phase, p.ready ? 'yes' : 'no', String(p.restarts), p.node ?? '-']),
            ),
      ].join('\n'),
    );
  }
}
