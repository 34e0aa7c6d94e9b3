import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { formatRef, refOf, uninstallOrder } from '@batteries-included/batteries';
import { loadKubeConfig } from '@batteries-included/operator';
import { BaseCommand } from '../lib/base-command.js';
import { InterruptedError, InvalidInputError, WaitTimeoutError } from '../lib/errors.js';
import { runSteps, type Step } from '../lib/steps.js';
import { installStateDir, STATE_FILES } from '../install/state-dir.js';
import { deleteKindCluster, kindClusters } from '../kind/kind.js';
import { requireTools } from '../kind/tools.js';
import { connectCluster, type Cluster } from '../kube/cluster.js';
import { readLocalOperator, stopLocalOperator } from '../start/local-operator.js';

interface InstallRecord {
  name: string;
  provider: 'kind' | 'provided' | 'aws';
  kubeconfig?: string;
  operator?: { mode: 'local' | 'in-cluster' };
}

interface StopContext {
  name: string;
  stateDir: string;
  install: InstallRecord;
  cluster?: Cluster;
  removed: string[];
}

export default class Stop extends BaseCommand<typeof Stop> {
  static override summary =
    'Uninstall the batteries (dependents first), stop the operator, delete the Kind cluster.';
  static override description = `NAME is the installation bi start created (default bi-local). Batteries are deleted in reverse dependency order, each waited for while the operator prunes its objects; then a local operator is stopped and the Kind cluster deleted (--keep-cluster keeps it, and the install's state).`;
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop my-cluster --keep-cluster'];
  static override args = {
    name: Args.string({ description: 'Installation name.', default: 'bi-local' }),
  };
  static override flags = {
    'keep-cluster': Flags.boolean({
      description: 'Uninstall the batteries and stop the operator, but keep the cluster.',
    }),
    timeout: Flags.integer({ description: 'Seconds to wait for each battery to be removed.', default: 180 }),
  };

  async run(): Promise<void> {
    const name = this.args.name;
    const stateDir = installStateDir(name);
    const installFile = join(stateDir, STATE_FILES.install);
    const install: InstallRecord = existsSync(installFile)
      ? (JSON.parse(readFileSync(installFile, 'utf8')) as InstallRecord)
      : { name, provider: 'kind' };
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.on('SIGINT', onSigint);
    try {
      const context: StopContext = { name, stateDir, install, removed: [] };
      await runSteps(this.steps(context), context, {
        interactive: this.isInteractive,
        log: (line) => this.note(line),
        signal: controller.signal,
        resumeHint: 'Run bi stop again to finish.',
      });
      this.print(
        {
          name,
          removed: context.removed,
          clusterDeleted: !this.flags['keep-cluster'] && install.provider === 'kind',
        },
        () =>
          `Stopped "${name}"${context.removed.length ? `; uninstalled ${context.removed.join(', ')}` : ''}.`,
      );
    } finally {
      process.off('SIGINT', onSigint);
    }
  }

  private steps(context: StopContext): Step<StopContext>[] {
    const isKind = context.install.provider === 'kind';
    const deleteCluster = isKind && !this.flags['keep-cluster'];
    const steps: Step<StopContext>[] = [];
    if (isKind)
      steps.push({
        title: 'Check kind and docker',
        run: async () => void (await requireTools(['kind', 'docker'])),
      });
    steps.push({
      title: 'Connect to the cluster',
      run: async (ctx) => {
        if (isKind && !(await kindClusters()).includes(ctx.name)) {
          if (!existsSync(ctx.stateDir))
            throw new InvalidInputError(`no installation or Kind cluster named "${ctx.name}"`);
          return 'no such Kind cluster any more';
        }
        const path = ctx.install.kubeconfig ?? join(ctx.stateDir, STATE_FILES.kubeconfig);
        ctx.cluster = connectCluster(existsSync(path) ? loadKubeConfig(path) : this.kubeConfig());
        return (await ctx.cluster.version()).gitVersion;
      },
    });
    steps.push({
      title: 'Uninstall the batteries, dependents first',
      run: async (ctx, report, signal) => {
        if (!ctx.cluster) return 'no cluster';
        const installed = await ctx.cluster.listBatteries();
        const byType = new Map(installed.map((b) => [b.metadata.name, b]));
        if (
          installed.length > 0 &&
          !readLocalOperator(ctx.stateDir) &&
          ctx.install.operator?.mode === 'local'
        ) {
          report(
            'warning: the local operator is not running; deletions wait for it to release its finalizers',
          );
        }
        for (const type of uninstallOrder([...byType.keys()])) {
          const battery = byType.get(type)!;
          await ctx.cluster.client.delete(refOf(battery));
          const deadline = Date.now() + this.flags.timeout * 1000;
          while (await ctx.cluster.client.get(battery)) {
            if (Date.now() > deadline) {
              throw new WaitTimeoutError(
                `${formatRef(refOf(battery))} still exists after ${this.flags.timeout} s (is the operator running?)`,
              );
            }
            if (signal.aborted) {
              throw new InterruptedError(
                `interrupted; uninstalled so far: ${ctx.removed.join(', ') || 'none'}`,
              );
            }
            await new Promise((r) => setTimeout(r, 500));
          }
          ctx.removed.push(type);
          report(`removed ${type}`);
        }
        return ctx.removed.length > 0 ? ctx.removed.join(', ') : 'none installed';
      },
    });
    steps.push({
      title: 'Stop the local operator',
      run: async (ctx) => ((await stopLocalOperator(ctx.stateDir)) ? 'stopped' : 'not running'),
    });
    if (deleteCluster) {
      steps.push({
        title: `Delete Kind cluster ${context.name}`,
        run: async (ctx) => {
          await deleteKindCluster(ctx.name);
          rmSync(ctx.stateDir, { recursive: true, force: true });
          return 'deleted';
        },
      });
    }
    return steps;
  }
}
