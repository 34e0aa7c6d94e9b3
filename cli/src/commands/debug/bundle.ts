import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { API_GROUP, splitApiVersion, type KubeObject } from '@batteries-included/batteries';
import { requestJson } from '@batteries-included/operator';
import type { PassPage } from '@batteries-included/operator/api-types';
import { BaseCommand } from '../../lib/base-command.js';
import { apiFlags, connectApi } from '../../lib/api-client.js';
import { tarGz, type TarEntry } from '../../lib/tar.js';
import { installStateDir, STATE_FILES } from '../../install/state-dir.js';
import { OPERATOR_NAMESPACE } from '../../start/operator-namespace.js';

const LOG_LINES = 5000;

export default class DebugBundle extends BaseCommand<typeof DebugBundle> {
  static override summary =
    'Write an archive for a bug report: operator logs, recent passes, Battery statuses, Events.';
  static override description = `The archive (tar.gz) holds: bi and cluster versions, every Battery object with its status, the Events about Battery objects and in the operator's and batteries' namespaces, the last passes with their objects (from the operator API), and the operator's log (a --local-operator's log file, or the operator pod's log). Secret values are never included: Secrets are not read, and the API redacts them.`;
  static override examples = [
    '<%= config.bin %> debug bundle -o bi-debug.tar.gz',
    '<%= config.bin %> debug bundle -o /tmp/b.tar.gz --name my-cluster --passes 50',
  ];
  static override flags = {
    ...apiFlags,
    'output-file': Flags.string({
      char: 'o',
      description: 'Where to write the archive (.tar.gz).',
      required: true,
    }),
    name: Flags.string({ description: 'Installation name, for a local operator log.', default: 'bi-local' }),
    passes: Flags.integer({ description: 'How many recent passes to include.', default: 20 }),
  };

  async run(): Promise<void> {
    const cluster = await this.connect();
    const entries: TarEntry[] = [];
    const problems: string[] = [];
    const add = (name: string, content: string) => entries.push({ name: `bi-debug/${name}`, content });
    const attempt = async (what: string, body: () => Promise<void>) => {
      try {
        await body();
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`);
      }
    };
    const version = await cluster.version();
    add(
      'info.json',
      JSON.stringify(
        {
          bi: this.config.version,
          node: process.version,
          platform: `${process.platform}-${process.arch}`,
          cluster: version,
          collectedAt: new Date().toISOString(),
        },
        null,
        2,
      ),
    );
    const batteries = await cluster.listBatteries();
    add('batteries.yaml', batteries.map((b) => stringify(b)).join('---\n'));
    await attempt('events', async () => {
      const events = await cluster.list('v1', 'Event');
      const relevant = events.filter((e) => {
        const involved = (e as KubeObject & { involvedObject?: { apiVersion?: string } }).involvedObject;
        const namespace = e.metadata.namespace ?? '';
        return (
          (involved?.apiVersion && splitApiVersion(involved.apiVersion).group === API_GROUP) ||
          namespace === OPERATOR_NAMESPACE ||
          namespace.startsWith('battery-')
        );
      });
      add('events.yaml', relevant.map((e) => stringify(e)).join('---\n'));
    });
    await attempt('passes (operator API)', async () => {
      const api = await connectApi(cluster, {
        apiUrl: this.flags['api-url'],
        token: this.flags.token,
        readOnly: true,
      });
      const page = await api.get<PassPage>('/api/v1/passes', {
        limit: this.flags.passes,
      });
      const details = await Promise.all(page.passes.map((p) => api.get(`/api/v1/passes/${p.id}`)));
      add('passes.json', JSON.stringify(details, null, 2));
    });
    await attempt('operator log', async () => {
      const localLog = join(installStateDir(this.flags.name), STATE_FILES.operatorLog);
      if (existsSync(localLog)) {
        add('operator.log', readFileSync(localLog, 'utf8').split('\n').slice(-LOG_LINES).join('\n'));
        return;
      }
      const pods = await cluster.list('v1', 'Pod', {
        namespace: OPERATOR_NAMESPACE,
        labelSelector: 'app.kubernetes.io/component=operator',
      });
      if (pods.length === 0)
        throw new Error(`no local operator log (${localLog}) and no operator pod in ${OPERATOR_NAMESPACE}`);
      for (const pod of pods) {
        const log = await requestJson<string>(cluster.config, {
          path: `/api/v1/namespaces/${OPERATOR_NAMESPACE}/pods/${pod.metadata.name}/log`,
          query: { tailLines: LOG_LINES },
          accept: 'text/plain',
        });
        add(`operator-${pod.metadata.name}.log`, typeof log === 'string' ? log : JSON.stringify(log));
      }
    });
    add('problems.txt', problems.length > 0 ? `${problems.join('\n')}\n` : 'none\n');
    writeFileSync(this.flags['output-file'], tarGz(entries));
    this.print({ file: this.flags['output-file'], files: entries.map((e) => e.name), problems }, () =>
      [
        `Wrote ${this.flags['output-file']}: ${entries.map((e) => e.name.replace('bi-debug/', '')).join(', ')}`,
        ...problems.map((p) => `  (not included: ${p})`),
      ].join('\n'),
    );
  }
}
