import { Args, Flags } from '@oclif/core';
import { apiFlags } from '../../lib/api-client.js';
import { InstanceCommand } from '../../lib/instance-commands.js';
import { findInstance, namespaceFlag, POSTGRES } from '../../lib/instances.js';
import { forwardToPrimary } from '../../kube/postgres-primary.js';

export default class PostgresPortForward extends InstanceCommand<typeof PostgresPortForward> {
  static override family = POSTGRES;
  static override summary = 'Forward a local port to a Postgres cluster’s primary, until Ctrl-C.';
  static override description =
    'Listens on 127.0.0.1 and carries each connection through the Kubernetes API server to port 5432 of the ' +
    'cluster’s ready primary pod (CloudNativePG’s pods labelled cnpg.io/cluster=pg-<name>, the primary by ' +
    'cnpg.io/instanceRole=primary), looked up again for each connection so a failover is followed. Uses the ' +
    'kubeconfig, no kubectl. Fails naming the cluster when it has no ready primary.';
  static override examples = [
    '<%= config.bin %> postgres port-forward orders -n orders',
    '<%= config.bin %> postgres port-forward orders -n orders --local-port 15432',
  ];
  static override args = { name: Args.string({ description: 'The cluster’s name.', required: true }) };
  static override flags = {
    ...apiFlags,
    namespace: namespaceFlag('cluster'),
    'local-port': Flags.integer({
      description: 'The local port (default: any free one, printed).',
      min: 0,
      max: 65_535,
      default: 0,
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const api = await this.operatorApi({ readOnly: true });
    const instance = await findInstance(api, POSTGRES, this.args.name, flags.namespace);
    const forward = await forwardToPrimary(await this.connect(), instance, {
      localPort: flags['local-port'],
      onError: (message) => this.note(`Error: connection failed: ${message}`),
      onPod: (pod) => this.debugLine(`forwarding to pod ${instance.namespace}/${pod}`),
    });
    const label = `${instance.namespace}/${instance.name}`;
    this.print(
      {
        cluster: instance.name,
        namespace: instance.namespace,
        pod: forward.pod,
        host: forward.host,
        port: forward.port,
      },
      () =>
        [
          `Forwarding ${forward.host}:${forward.port} to the primary of Postgres cluster ${label} (pod ${forward.pod}, port 5432). Ctrl-C to stop.`,
          `Connect with: bi postgres psql ${instance.name} -n ${instance.namespace} --host ${forward.host} --port ${forward.port}`,
          `  or any client at ${forward.host}:${forward.port} (credentials: bi postgres access-info ${instance.name} -n ${instance.namespace})`,
        ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await forward.close();
    this.note('Stopped forwarding.');
  }
}
