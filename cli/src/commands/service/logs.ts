import { Args, Flags } from '@oclif/core';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { BaseCommand } from '../../lib/base-command.js';
import { InvalidInputError } from '../../lib/errors.js';
import { findInstance, instancePods, serviceFlags, SERVICES } from '../../lib/instances.js';

export default class ServiceLogs extends BaseCommand<typeof ServiceLogs> {
  static override summary = "Print a service's logs, through the operator; -f follows them.";
  static override examples = [
    '<%= config.bin %> service logs web -n shop',
    '<%= config.bin %> service logs web -n shop -f --tail 20',
    '<%= config.bin %> service logs web -n shop --previous --container web',
  ];
  static override args = { name: Args.string({ description: 'The service’s name.', required: true }) };
  static override flags = {
    ...apiFlags,
    ...serviceFlags,
    follow: Flags.boolean({ char: 'f', description: 'Keep printing new lines (one pod).', default: false }),
    tail: Flags.integer({
      description: 'The last N lines of each pod (0–10000).',
      default: 100,
      min: 0,
      max: 10_000,
    }),
    container: Flags.string({ char: 'c', description: 'The container (when the pods have several).' }),
    pod: Flags.string({ description: 'Only this pod (default: every pod; with -f the first).' }),
    previous: Flags.boolean({ description: "The previous (crashed) container's log.", default: false }),
  };

  async run(): Promise<void> {
    const needsCluster = !this.flags['api-url'] || !this.flags.token;
    const api = await connectApi(needsCluster ? await this.connect() : undefined, {
      apiUrl: this.flags['api-url'],
      token: this.flags.token,
    });
    const service = await findInstance(api, SERVICES, this.args.name, this.flags.namespace, this.flags.kind);
    const pods = (await instancePods(api, service)).filter(
      (p) => !this.flags.pod || p.name === this.flags.pod,
    );
    if (pods.length === 0)
      throw new InvalidInputError(
        this.flags.pod
          ? `${service.name} has no pod ${this.flags.pod}`
          : `${service.name} has no pods right now`,
      );
    const chosen = this.flags.follow ? pods.slice(0, 1) : pods;
    for (const pod of chosen) {
      const response = await api.stream(`/api/v1/pods/${pod.namespace}/${pod.name}/logs`, {
        tailLines: this.flags.tail,
        follow: this.flags.follow || undefined,
        previous: this.flags.previous || undefined,
        container: this.flags.container,
      });
      const prefix = chosen.length > 1 ? `[${pod.name}] ` : '';
      const decoder = new TextDecoder();
      let partial = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      }
      if (partial) process.stdout.write(`${prefix}${partial}\n`);
    }
  }
}
