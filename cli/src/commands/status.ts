import { Flags } from '@oclif/core';
import { LEASE_NAME } from '@batteries-included/operator';
import type { Access, PassPage, PassSummary } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../lib/base-command.js';
import { apiFlags, connectApi } from '../lib/api-client.js';
import { formatTable } from '../lib/output.js';
import { formatAccess } from '../lib/format-access.js';
import { batteryState } from '../kube/wait-ready.js';
import { OPERATOR_NAMESPACE } from '../start/operator-namespace.js';

export default class Status extends BaseCommand<typeof Status> {
  static override summary =
    "Show the cluster, operator health, the last passes, each battery, every battery UI's URL and the platform CA.";
  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --passes 10 --output json',
  ];
  static override flags = {
    ...apiFlags,
    passes: Flags.integer({ description: 'How many recent passes to show.', default: 5 }),
  };

  async run(): Promise<void> {
    const cluster = await this.connect();
    const version = await cluster.version();
    const lease = await cluster.client.get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: LEASE_NAME, namespace: OPERATOR_NAMESPACE },
    });
    const leaseSpec = (lease?.spec ?? {}) as {
      holderIdentity?: string;
      renewTime?: string;
      leaseDurationSeconds?: number;
    };
    const renewedAgo = leaseSpec.renewTime
      ? (Date.now() - Date.parse(leaseSpec.renewTime)) / 1000
      : undefined;
    const operatorHealthy =
      renewedAgo !== undefined && renewedAgo <= (leaseSpec.leaseDurationSeconds ?? 15) * 2;
    const batteries = (await cluster.listBatteries()).map((b) => batteryState(b));
    let passes: PassSummary[] | undefined;
    let passesError: string | undefined;
    let access: Access | undefined;
    try {
      // Status only reads: the viewer token is enough (and is what it takes from the Secret).
      const api = await connectApi(cluster, {
        apiUrl: this.flags['api-url'],
        token: this.flags.token,
        readOnly: true,
      });
      passes = (await api.get<PassPage>('/api/v1/passes', { limit: this.flags.passes })).passes;
      access = await api.get<Access>('/api/v1/access');
    } catch (error) {
      passesError = (error as Error).message;
    }
    const data = {
      cluster: { server: this.kubeConfig().getCurrentCluster()?.server, version: version.gitVersion },
      operator: { healthy: operatorHealthy, leader: leaseSpec.holderIdentity, renewedSecondsAgo: renewedAgo },
      passes,
      passesError,
      batteries,
      access,
    };
    this.print(data, () =>
      [
        `Cluster:  ${data.cluster.server} (Kubernetes ${version.gitVersion})`,
        `Operator: ${
          lease
            ? `${operatorHealthy ? 'healthy' : 'NOT renewing its Lease'} — leader ${leaseSpec.holderIdentity ?? '?'}, renewed ${renewedAgo?.toFixed(0) ?? '?'} s ago`
            : 'not running (no Lease)'
        }`,
        '',
        passes
          ? formatTable(
              ['PASS', 'STARTED', 'STATUS', 'TRIGGER', 'CHANGES', 'DURATION'],
              passes.map((p) => [
                String(p.id),
                p.startedAt,
                p.status,
                p.triggerSummary,
                `+${p.counts.created} ~${p.counts.updated} -${p.counts.pruned} !${p.counts.failed}`,
                `${p.durationMs} ms`,
              ]),
            )
          : `Passes: unavailable (${passesError})`,
        '',
        formatTable(
          ['BATTERY', 'READY', 'RESOURCES', 'FAILED', 'MESSAGE'],
          batteries.map((b) => [
            b.type,
            b.ready,
            b.resources ? `${b.resources.applied}/${b.resources.desired}` : '-',
            b.resources ? String(b.resources.failed) : '-',
            b.message,
          ]),
        ),
        ...(access ? ['', ...formatAccess(access)] : []),
      ].join('\n'),
    );
  }
}
