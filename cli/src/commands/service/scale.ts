import { Args } from '@oclif/core';
import type { PutInstanceResponse } from '@batteries-included/operator/api-types';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { InvalidInputError } from '../../lib/errors.js';
import { findInstance, instanceApiPath, serviceFlags, SERVICES } from '../../lib/instances.js';

export default class ServiceScale extends BaseCommand<typeof ServiceScale> {
  static override summary = 'Set how many pods a traditional service runs (its spec.instances).';
  static override description =
    'Validated and dry-run on the server first. A service with autoscaling keeps following its autoscaler; ' +
    'Knative services scale with traffic (set minScale and maxScale in their spec instead).';
  static override examples = ['<%= config.bin %> service scale web 3 -n shop'];
  static override args = {
    name: Args.string({ description: 'The service’s name.', required: true }),
    instances: Args.integer({ description: 'How many pods (0–100).', required: true, min: 0, max: 100 }),
  };
  static override flags = { ...apiFlags, ...serviceFlags };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const service = await findInstance(api, SERVICES, this.args.name, this.flags.namespace, this.flags.kind);
    if (service.kind !== 'TraditionalService')
      throw new InvalidInputError(
        `${service.name} is a KnativeService: it scales with traffic; set spec.minScale and spec.maxScale instead`,
      );
    const written = await api.put<PutInstanceResponse>(instanceApiPath(service), {
      spec: { ...service.spec, instances: this.args.instances },
      resourceVersion: service.resourceVersion,
    });
    const note = service.spec.autoscaling ? ' (autoscaling is set: its autoscaler decides the count)' : '';
    this.print(
      written,
      () => `${service.namespace}/${service.name}: instances ${this.args.instances}${note}`,
    );
  }
}
