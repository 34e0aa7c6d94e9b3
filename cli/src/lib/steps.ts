import { Listr } from 'listr2';
import { InterruptedError } from './errors.js';

export interface Step<Context> {
  readonly title: string;
  /** Run the step; `report` updates the live line (a TTY) or prints a plain line. Returns a short outcome. */
  readonly run: (
    context: Context,
    report: (line: string) => void,
    signal: AbortSignal,
  ) => Promise<string | void>;
}

export interface RunStepsOptions {
  /** Draw a live progress display (listr2) instead of plain lines. */
  readonly interactive: boolean;
  /** Plain lines go here (stderr). */
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
  /** What to tell the user after an interruption. @default 're-run the same command to continue; it converges' */
  readonly resumeHint?: string;
}

/**
 * Runs steps in order. Ctrl-C (the signal) lets the running step finish unless it is only waiting, then stops
 * before the next one with an InterruptedError that lists the steps done — so nothing is left half-applied.
 */
export async function runSteps<Context>(
  steps: readonly Step<Context>[],
  context: Context,
  options: RunStepsOptions,
): Promise<string[]> {
  const done: string[] = [];
  const interrupted = (current?: string) =>
    new InterruptedError(
      [
        `interrupted${current ? ` during "${current}"` : ''}.`,
        done.length > 0 ? `Done: ${done.join('; ')}.` : 'Nothing was changed.',
        options.resumeHint ?? 'Run the same command again to continue: it converges.',
      ].join(' '),
    );
  const wrap = async (step: Step<Context>, report: (line: string) => void) => {
    if (options.signal.aborted) throw interrupted();
    try {
      const outcome = await step.run(context, report, options.signal);
      done.push(outcome ? `${step.title} (${outcome})` : step.title);
      return outcome;
    } catch (error) {
      if (error instanceof InterruptedError) throw interrupted(step.title);
      throw error;
    }
  };
  if (!options.interactive) {
    for (const step of steps) {
      const started = Date.now();
      options.log(`• ${step.title}`);
      const outcome = await wrap(step, (line) => options.log(`  ${line}`));
      options.log(
        `✓ ${step.title}${outcome ? `: ${outcome}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    return done;
  }
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: async (_: unknown, task: { output: string; title: string }) => {
        const outcome = await wrap(step, (line) => (task.output = line));
        if (outcome) task.title = `${step.title}: ${outcome}`;
      },
      // The last dozen progress lines (e.g. each battery becoming Ready) stay visible under the step.
      rendererOptions: { outputBar: 12 },
    })),
    { exitOnError: true, registerSignalListeners: false, rendererOptions: { collapseErrors: false } },
  );
  await list.run();
  return done;
}
