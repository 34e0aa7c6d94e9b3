import { Command, Flags, type Interfaces } from '@oclif/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '@batteries-included/operator';
import { connectCluster, type Cluster } from '../kube/cluster.js';
import { toCliFailure, InvalidInputError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatData, OUTPUT_FORMATS, type OutputFormat } from './output.js';

export type GlobalFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * What every `bi` command shares: the global flags (`--kubeconfig`, `--context`, `--output`, `--verbose`,
 * `--no-color`), access to the cluster, output in the chosen format, and the one error mapper — any error a
 * command throws becomes a message on stderr and an exit code from `EXIT_CODES`.
 *
 * A command extends it, declares its own `flags`/`args`, and implements `run()`; `this.flags` and `this.args`
 * are parsed before `run()` starts.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    kubeconfig: Flags.string({
      description: 'Path of the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).',
      env: 'KUBECONFIG',
      helpGroup: 'GLOBAL',
    }),
    context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'GLOBAL' }),
    output: Flags.string({
      description: 'Output format.',
      options: [...OUTPUT_FORMATS],
      default: 'table',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({
      char: 'v',
      description: 'Print more detail (debug lines on stderr).',
      helpGroup: 'GLOBAL',
    }),
    color: Flags.boolean({
      description: 'Colour the output (--no-color, or NO_COLOR set, turns it off).',
      default: true,
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: GlobalFlags<T>;
  protected args!: CommandArgs<T>;
  private kubeConfigCache: KubeConfig | undefined;

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as GlobalFlags<T>;
    this.args = args as CommandArgs<T>;
    // listr2 and oclif colour through the environment; --no-color reaches them this way.
    if (this.flags.color === false) process.env.NO_COLOR = '1';
  }

  protected get outputFormat(): OutputFormat {
    return (this.flags.output ?? 'table') as OutputFormat;
  }

  protected get useColor(): boolean {
    return Boolean(this.flags.color) && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  }

  /** Whether to draw live progress (a TTY, table output, not in CI). */
  protected get isInteractive(): boolean {
    return Boolean(process.stdout.isTTY) && this.outputFormat === 'table' && !process.env.CI;
  }

  /** The kubeconfig named by the global flags, with `--context` selected. */
  protected kubeConfig(): KubeConfig {
    if (this.kubeConfigCache) return this.kubeConfigCache;
    let config: KubeConfig;
    try {
      config = loadKubeConfig(this.flags.kubeconfig);
    } catch (error) {
      throw new InvalidInputError(
        `cannot read the kubeconfig${this.flags.kubeconfig ? ` ${this.flags.kubeconfig}` : ''}: ${(error as Error).message}`,
      );
    }
    if (this.flags.context) {
      if (!config.getContextObject(this.flags.context)) {
        throw new InvalidInputError(
          `--context ${this.flags.context}: no such context; the kubeconfig has: ${
            config
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          }`,
        );
      }
      config.setCurrentContext(this.flags.context);
    }
    if (!config.getCurrentCluster()) {
      throw new InvalidInputError('the kubeconfig has no current cluster; pass --kubeconfig or --context');
    }
    this.kubeConfigCache = config;
    return config;
  }

  /** The cluster of the global flags, checked reachable (ClusterUnreachableError, exit 3, when it is not). */
  protected async connect(): Promise<Cluster> {
    const cluster = connectCluster(this.kubeConfig());
    const version = await cluster.version();
    this.debugLine(`connected to ${this.kubeConfig().getCurrentCluster()?.server} (${version.gitVersion})`);
    return cluster;
  }

  /** Prints structured data for `--output json|yaml`, or calls `table()` for the human form. */
  protected print(data: unknown, table: () => string): void {
    const format = this.outputFormat;
    this.log(format === 'table' ? table() : formatData(data, format));
  }

  /** A progress or debug line on stderr, so stdout stays parseable. */
  protected note(line: string): void {
    this.logToStderr(line);
  }

  protected debugLine(line: string): void {
    if (this.flags?.verbose) this.logToStderr(`debug: ${line}`);
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    // oclif's own parse errors (unknown flag, missing argument) already carry exit code 2 from package.json.
    if (
      (error as { oclif?: { exit?: number } }).oclif?.exit !== undefined &&
      !(error instanceof Error && 'exitCode' in error)
    ) {
      return super.catch(error);
    }
    const failure = toCliFailure(error);
    if (this.flags?.verbose && failure.cause instanceof Error && failure.cause.stack)
      this.logToStderr(failure.cause.stack);
    this.logToStderr(`Error: ${failure.message}`);
    this.exit(failure.exitCode === EXIT_CODES.ok ? EXIT_CODES.failed : failure.exitCode);
  }
}
