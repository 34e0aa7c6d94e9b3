import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Args, Flags } from '@oclif/core';
import {
  coreSchema,
  installOrder,
  USAGES,
  CLUSTER_TYPES,
  type InstallSpec,
} from '@batteries-included/batteries';
import { loadKubeConfig } from '@batteries-included/operator';
import { BaseCommand } from '../lib/base-command.js';
import { InvalidInputError, WaitTimeoutError } from '../lib/errors.js';
import { EXIT_CODES } from '../lib/exit-codes.js';
import { formatTable } from '../lib/output.js';
import { runSteps, type Step } from '../lib/steps.js';
import { defaultInstallSpec } from '../install/default-spec.js';
import { resolveInstallSpec } from '../install/spec-source.js';
import { installStateDir, STATE_FILES } from '../install/state-dir.js';
import {
  createKindCluster,
  kindClusters,
  kindKubeconfig,
  kindMetallbRange,
  loadKindImage,
  renderKindConfig,
} from '../kind/kind.js';
import { requireTools } from '../kind/tools.js';
import { applyBatteries, validateBatteries, type BatteryEntry } from '../kube/battery-specs.js';
import { connectCluster, type Cluster } from '../kube/cluster.js';
import { describeState, waitForBatteriesReady, type BatteryState } from '../kube/wait-ready.js';
import { installBatteryCrds } from '../start/install-crds.js';
import { startLocalOperator, type LocalOperatorRecord } from '../start/local-operator.js';
import { deployOperator } from '../start/deploy-operator.js';
import {
  ensureOperatorNamespace,
  homeBaseEnv,
  OPERATOR_NAMESPACE,
  writeHomeBaseSecret,
} from '../start/operator-namespace.js';
import { accessUrl } from '../start/access.js';

interface StartContext {
  spec: InstallSpec;
  name: string;
  stateDir: string;
  kubeconfigPath?: string;
  cluster?: Cluster;
  batteries: BatteryEntry[];
  operator?: LocalOperatorRecord;
  states?: BatteryState[];
}

export default class Start extends BaseCommand<typeof Start> {
  static override summary =
    'Create a cluster with the platform: Kind cluster, CRDs, operator, initial batteries.';
  static override description = `SPEC is an install spec: a local JSON file, or an https URL that Home Base serves (signed; verified against the Home Base keys shipped with bi, with iss checked; --home-base-keys trusts a self-hosted Home Base instead). Without SPEC, the default batteries for the provider and usage are installed, as the original chose them.

On Kind, the MetalLB address range is carved from the Docker network "kind" and put in the core battery's settings. The operator runs in the cluster (deploy/base, --operator-image) or on this machine (--local-operator, state in $XDG_STATE_HOME/bi/installs/<name>/). bi start then waits until every battery is Ready. Re-running converges: an existing cluster is reused and the same batteries are applied again. Ctrl-C stops between steps.`;
  static override examples = [
    '<%= config.bin %> start --local-operator',
    '<%= config.bin %> start ./my-install.spec.json --operator-image ghcr.io/batteries-included/operator:0.1.0',
    '<%= config.bin %> start https://home.example.com/api/v1/installations/abc/spec',
    '<%= config.bin %> start --provider provided --kubeconfig ~/.kube/config --context prod --local-operator',
  ];
  static override args = {
    spec: Args.string({ description: 'Install spec: a JSON file or an https URL.', required: false }),
  };
  static override flags = {
    name: Flags.string({
      description: 'Cluster and installation name (default: the spec slug, or bi-local).',
    }),
    provider: Flags.string({
      description: 'Where to run when no SPEC is given: kind creates a cluster; provided uses --kubeconfig.',
      options: CLUSTER_TYPES.filter((p) => p !== 'aws'),
      default: 'kind',
    }),
    usage: Flags.string({
      description: 'Usage when no SPEC is given; chooses the default batteries.',
      options: [...USAGES],
      default: 'development',
    }),
    'local-operator': Flags.boolean({
      description: 'Run the operator on this machine instead of in the cluster.',
      exclusive: ['operator-image'],
    }),
    'operator-image': Flags.string({
      description: 'The operator image to deploy in the cluster (repository[:tag]).',
    }),
    'load-image': Flags.boolean({
      description:
        'Load --operator-image from the local Docker into the Kind node (kind load docker-image), for images built here.',
      dependsOn: ['operator-image'],
    }),
    'operator-port': Flags.integer({
      description: 'HTTP port of a --local-operator (0 picks a free one).',
      default: 0,
    }),
    wait: Flags.boolean({ description: 'Wait until every battery is Ready.', default: true, allowNo: true }),
    timeout: Flags.integer({
      description: 'Seconds to wait for the batteries to become Ready.',
      default: 600,
    }),
    'insecure-skip-verify': Flags.boolean({
      description: 'Accept unsigned or unverifiable remote specs, and http URLs.',
    }),
    'home-base-keys': Flags.string({
      description:
        'Trust this Home Base instead of the one whose keys ship with bi: its JWKS URL (<origin>/api/v1/keys; specs must carry that origin as iss) or a file from `npm run homebase -- export-keys`.',
    }),
  };

  async run(): Promise<void> {
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) {
        // A second Ctrl-C means now: the current step may be half done, and re-running converges.
        this.note('Interrupted again: exiting now. Run bi start again to converge.');
        process.exit(EXIT_CODES.interrupted);
      }
      this.note('Interrupt received: stopping after the current step… (Ctrl-C again to exit now)');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const context = await this.prepare();
      this.note(
        `Installing "${context.name}" (${context.spec.kubeCluster.provider}, ${context.spec.usage}): ${context.batteries.map((b) => b.type).join(', ')}`,
      );
      await runSteps(this.steps(context), context, {
        interactive: this.isInteractive,
        log: (line) => this.note(line),
        signal: controller.signal,
      });
      await this.finish(context);
    } finally {
      process.off('SIGINT', onSigint);
    }
  }

  /** Everything that can be checked before touching anything: the spec, every battery's spec, the flags. */
  private async prepare(): Promise<StartContext> {
    const { flags, args } = this;
    const spec = args.spec
      ? (
          await resolveInstallSpec(args.spec, {
            insecureSkipVerify: flags['insecure-skip-verify'],
            homeBaseKeys: flags['home-base-keys'],
          })
        ).spec
      : defaultInstallSpec({
          slug: flags.name ?? 'bi-local',
          provider: flags.provider as InstallSpec['kubeCluster']['provider'],
          usage: flags.usage as InstallSpec['usage'],
        });
    if (spec.kubeCluster.provider === 'aws') {
      throw new InvalidInputError(
        'this bi creates Kind clusters or uses a provided one; for AWS, create the EKS cluster and use provider "provided"',
      );
    }
    const name = flags.name ?? spec.slug;
    const given = new Map(spec.batteries.map((b) => [b.type, b.spec] as const));
    validateBatteries(spec.batteries);
    // Hard dependencies missing from the spec are added, so the operator never holds a battery for them.
    const types = installOrder(['core', ...spec.batteries.map((b) => b.type)]);
    const batteries = types.map((type) => ({ type, spec: { ...(given.get(type) ?? {}) } }));
    const core = batteries.find((b) => b.type === 'core')!;
    core.spec = {
      clusterType: spec.kubeCluster.provider,
      clusterName: name,
      usage: spec.usage,
      defaultSize: spec.defaultSize,
      ...core.spec,
    };
    validateBatteries(batteries);
    return { spec, name, stateDir: installStateDir(name), batteries };
  }

  private steps(context: StartContext): Step<StartContext>[] {
    const { flags } = this;
    const isKind = context.spec.kubeCluster.provider === 'kind';
    const steps: Step<StartContext>[] = [];
    if (isKind) {
      steps.push({
        title: 'Check kind and docker',
        run: async () => void (await requireTools(['kind', 'docker'])),
      });
      steps.push({
        title: `Create Kind cluster ${context.name}`,
        run: async (ctx) => {
          mkdirSync(ctx.stateDir, { recursive: true });
          if ((await kindClusters()).includes(ctx.name)) return 'exists; reused';
          const configPath = join(ctx.stateDir, STATE_FILES.kindConfig);
          writeFileSync(configPath, renderKindConfig({ name: ctx.name, homeDir: homedir() }));
          await createKindCluster(ctx.name, configPath);
          return 'created';
        },
      });
      steps.push({
        title: 'Read the cluster kubeconfig',
        run: async (ctx) => {
          ctx.kubeconfigPath = join(ctx.stateDir, STATE_FILES.kubeconfig);
          writeFileSync(ctx.kubeconfigPath, await kindKubeconfig(ctx.name), { mode: 0o600 });
          ctx.cluster = connectCluster(loadKubeConfig(ctx.kubeconfigPath));
          return ctx.kubeconfigPath;
        },
      });
    } else {
      steps.push({
        title: 'Use the provided cluster',
        run: async (ctx) => {
          mkdirSync(ctx.stateDir, { recursive: true });
          const config = this.kubeConfig();
          ctx.kubeconfigPath = join(ctx.stateDir, STATE_FILES.kubeconfig);
          writeFileSync(ctx.kubeconfigPath, config.exportConfig(), { mode: 0o600 });
          ctx.cluster = connectCluster(config);
          return config.getCurrentContext();
        },
      });
    }
    if (isKind && flags['load-image'] && flags['operator-image']) {
      const image = flags['operator-image'];
      steps.push({
        title: `Load ${image} into the Kind node`,
        run: async (ctx) => void (await loadKindImage(ctx.name, image)),
      });
    }
    steps.push({
      title: 'Wait for the API server',
      run: async (ctx, report, signal) => {
        // A new Kind cluster may take a while to answer (as the original, 3 minutes); a provided one is up already.
        const deadline = Date.now() + (isKind ? 180_000 : 20_000);
        for (;;) {
          try {
            return (await ctx.cluster!.version(signal)).gitVersion;
          } catch (error) {
            if (signal.aborted || Date.now() > deadline) throw error;
            report(`not yet: ${(error as Error).message}`);
            await new Promise((r) => setTimeout(r, 2000));
          }
        }
      },
    });
    if (isKind) {
      steps.push({
        title: 'Choose the MetalLB address range',
        run: async (ctx) => {
          const core = ctx.batteries.find((b) => b.type === 'core')!;
          if (Array.isArray(core.spec.ipAddressPools) && core.spec.ipAddressPools.length > 0)
            return `from the spec: ${core.spec.ipAddressPools.join(', ')}`;
          // Re-running keeps the range already chosen: the network may hold more containers now.
          const live = (await ctx.cluster!.listBatteries().catch(() => [])).find(
            (b) => b.metadata.name === 'core',
          );
          const livePools = (live?.spec as { ipAddressPools?: string[] } | undefined)?.ipAddressPools;
          core.spec.ipAddressPools =
            livePools && livePools.length > 0 ? livePools : [await kindMetallbRange()];
          validateBatteries([core]);
          return (core.spec.ipAddressPools as string[]).join(', ');
        },
      });
    }
    steps.push({
      title: 'Install the Battery CRDs',
      run: async (ctx, _report, signal) =>
        `${await installBatteryCrds(ctx.cluster!, signal)} CRDs Established`,
    });
    if (flags['local-operator']) {
      steps.push({
        title: 'Start the operator on this machine',
        run: async (ctx, _report, signal) => {
          await ensureOperatorNamespace(ctx.cluster!);
          const operator = await startLocalOperator({
            stateDir: ctx.stateDir,
            kubeconfigPath: ctx.kubeconfigPath!,
            port: flags['operator-port'],
            env: homeBaseEnv(ctx.spec),
            signal,
          });
          ctx.operator = operator;
          return `pid ${operator.pid}, port ${operator.port}${operator.reused ? ', already running' : ''}; log ${operator.logFile}`;
        },
      });
    } else {
      steps.push({
        title: 'Deploy the operator in the cluster',
        run: async (ctx, report, signal) => {
          await ensureOperatorNamespace(ctx.cluster!);
          await writeHomeBaseSecret(ctx.cluster!, ctx.spec);
          return deployOperator(ctx.cluster!, { image: flags['operator-image'], signal, report });
        },
      });
    }
    steps.push({
      title: 'Apply the batteries',
      run: async (ctx) => {
        const applied = await applyBatteries(ctx.cluster!, ctx.batteries);
        return `${applied.length} Battery objects`;
      },
    });
    if (flags.wait) {
      steps.push({
        title: 'Wait until every battery is Ready',
        run: async (ctx, report, signal) => {
          ctx.states = await waitForBatteriesReady(ctx.cluster!, {
            types: ctx.batteries.map((b) => b.type),
            timeoutMs: flags.timeout * 1000,
            signal,
            onChange: (state, all) => {
              const ready = all.filter((s) => s.ready === 'True' && s.current).length;
              report(`[${ready}/${all.length} Ready] ${describeState(state)}`);
            },
          }).catch((error: unknown) => {
            if (error instanceof WaitTimeoutError) {
              throw new WaitTimeoutError(
                `${error.message}\nThe platform keeps converging; \`bi status\` shows progress.`,
              );
            }
            throw error;
          });
          return `${ctx.states.length} Ready`;
        },
      });
    }
    steps.push({
      title: 'Record the installation',
      run: async (ctx) => {
        writeFileSync(join(ctx.stateDir, STATE_FILES.spec), JSON.stringify(ctx.spec, null, 2), {
          mode: 0o600,
        });
        writeFileSync(
          join(ctx.stateDir, STATE_FILES.install),
          JSON.stringify(
            {
              name: ctx.name,
              provider: ctx.spec.kubeCluster.provider,
              kubeconfig: ctx.kubeconfigPath,
              operator: ctx.operator
                ? { mode: 'local', pid: ctx.operator.pid, port: ctx.operator.port }
                : { mode: 'in-cluster' },
              batteries: ctx.batteries.map((b) => b.type),
            },
            null,
            2,
          ),
        );
        return ctx.stateDir;
      },
    });
    return steps;
  }

  /** The console URL and how to get the API token. */
  private async finish(context: StartContext): Promise<void> {
    const core = context.spec.batteries.find((b) => b.type === 'core');
    const coreNamespace = coreSchema.safeParse(core?.spec ?? {}).data?.namespaces.core;
    const url = await accessUrl(context.cluster!, context.operator, coreNamespace);
    const kubectl = `kubectl --kubeconfig ${context.kubeconfigPath}`;
    const tokenCommand = `${kubectl} -n ${OPERATOR_NAMESPACE} get secret api-token -o jsonpath='{.data.token}' | base64 -d`;
    const result = {
      name: context.name,
      provider: context.spec.kubeCluster.provider,
      kubeconfig: context.kubeconfigPath,
      stateDir: context.stateDir,
      console: url.url,
      consoleHint: url.hint,
      tokenCommand,
      operator: context.operator
        ? {
            mode: 'local',
            pid: context.operator.pid,
            port: context.operator.port,
            log: context.operator.logFile,
          }
        : { mode: 'in-cluster' },
      batteries: (context.states ?? []).map((s) => ({
        type: s.type,
        ready: s.ready,
        resources: s.resources,
      })),
    };
    this.print(result, () =>
      [
        context.states
          ? formatTable(
              ['BATTERY', 'READY', 'RESOURCES'],
              context.states.map((s) => [
                s.type,
                s.ready,
                s.resources ? `${s.resources.applied}/${s.resources.desired}` : '-',
              ]),
            )
          : 'Batteries applied (not waiting for Ready: --no-wait).',
        '',
        `The platform is up on ${context.spec.kubeCluster.provider} cluster "${context.name}".`,
        `Console:    ${url.url ?? url.hint}`,
        `API token:  ${tokenCommand}`,
        `Kubeconfig: ${context.kubeconfigPath}`,
        `Stop it:    bi stop ${context.name}`,
      ].join('\n'),
    );
  }
}
