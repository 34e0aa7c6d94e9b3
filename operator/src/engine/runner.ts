import type { Metrics } from '../observe/metrics.js';
import type { PassOutcome } from './vocabulary.js';

/** The logger the runner writes to: pino's shape, any level-named methods taking fields and a message. */
export interface RunnerLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Schedules `fn` after `ms`; returns a function that cancels it. Injected so tests control time. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  handle.unref?.();
  return () => clearTimeout(handle);
};

export interface PassRunnerOptions {
  /** Quiet time after the last trigger before a pass starts, so bursts become one pass. Default 200 ms. */
  debounceMs?: number;
  /** Periodic resync, a safety net for missed events. Default 5 min. */
  resyncMs?: number;
  /** First retry delay after a failed pass; doubles up to `maxBackoffMs`, with jitter. Default 1 s. */
  baseBackoffMs?: number;
  /** Default 60 s. */
  maxBackoffMs?: number;
  setTimer?: SetTimer;
  /** Where every pass's outcome is logged. Default: nowhere. */
  logger?: RunnerLogger;
  /** Where passes, their duration and their objects are counted. Default: nowhere. */
  metrics?: Metrics;
  /** Called with every outcome and the triggers that caused the pass, after it was logged and counted. */
  onOutcome?: (outcome: PassOutcome, triggers: readonly string[]) => void;
  random?: () => number;
  /** Milliseconds, for pass durations. Default `performance.now`. */
  clock?: () => number;
}

/**
 * Turns triggers into passes: debounced, one at a time, and coalesced — triggers that arrive while a pass
 * runs cause exactly one more pass, which sees all of them. It is the one interpreter of a pass's outcome: `retry`
 * and `failed` passes run again after a jittered exponential backoff; `done` resets it; `terminal` resets it too
 * but schedules nothing (the next trigger, or the resync, runs the next pass); each outcome is logged and counted
 * here and nowhere else. `stop()` waits for the running pass and starts no other.
 */
export class PassRunner {
  private readonly pending = new Set<string>();
  private running: Promise<void> | undefined;
  private cancelDebounce: (() => void) | undefined;
  private cancelRetry: (() => void) | undefined;
  private cancelResync: (() => void) | undefined;
  private failures = 0;
  private stopped = false;
  private readonly options: Required<Omit<PassRunnerOptions, 'onOutcome' | 'logger' | 'metrics'>> &
    Pick<PassRunnerOptions, 'onOutcome' | 'logger' | 'metrics'>;

  constructor(
    private readonly runPass: (triggers: readonly string[]) => Promise<PassOutcome>,
    {
      debounceMs = 200,
      resyncMs = 5 * 60_000,
      baseBackoffMs = 1000,
      maxBackoffMs = 60_000,
      setTimer = realTimer,
      random = Math.random,
      clock = () => performance.now(),
      logger,
      metrics,
      onOutcome,
    }: PassRunnerOptions = {},
  ) {
    this.options = {
      debounceMs,
      resyncMs,
      baseBackoffMs,
      maxBackoffMs,
      setTimer,
      random,
      clock,
      logger,
      metrics,
      onOutcome,
    };
  }

  /** Starts the periodic resync and runs a first pass. */
  start(): void {
    this.scheduleResync();
    this.trigger('startup');
  }

  /** Asks for a pass; `reason` is recorded with it (e.g. `battery:redis`, `deleted:Service/x/y`, `manual`). */
  trigger(reason: string): void {
    if (this.stopped) return;
    this.pending.add(reason);
    if (this.running) return; // coalesced: the running pass schedules one more when it ends
    this.cancelDebounce?.();
    this.cancelDebounce = this.options.setTimer(() => this.runNow(), this.options.debounceMs);
  }

  /** Triggers waiting for the next pass (the queue depth metric). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** True while a pass runs. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelDebounce?.();
    this.cancelRetry?.();
    this.cancelResync?.();
    await this.running;
  }

  private runNow(): void {
    this.cancelDebounce = undefined;
    if (this.stopped || this.running || this.pending.size === 0) return;
    const triggers = [...this.pending].sort();
    this.pending.clear();
    this.cancelRetry?.();
    this.running = this.execute(triggers).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 && !this.stopped) {
        this.cancelDebounce = this.options.setTimer(() => this.runNow(), this.options.debounceMs);
      }
    });
  }

  private async execute(triggers: readonly string[]): Promise<void> {
    const started = this.options.clock();
    let outcome: PassOutcome;
    try {
      outcome = await this.runPass(triggers);
    } catch (error) {
      outcome = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    this.observe(outcome, triggers, (this.options.clock() - started) / 1000);
    this.options.onOutcome?.(outcome, triggers);
    if (outcome.kind === 'done' || outcome.kind === 'terminal') {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    const exponential = Math.min(
      this.options.maxBackoffMs,
      this.options.baseBackoffMs * 2 ** (this.failures - 1),
      // Objects waiting for another target (Keycloak starting) are retried within seconds, not after minutes.
      outcome.kind === 'retry' && outcome.withinMs !== undefined ? outcome.withinMs : Infinity,
    );
    const delay = Math.round(exponential * (0.5 + this.options.random() / 2));
    this.cancelRetry = this.options.setTimer(() => this.trigger('retry'), delay);
  }

  /** Logs and counts one outcome. A skipped pass (not the leader) is only a debug line: no pass ran. */
  private observe(outcome: PassOutcome, triggers: readonly string[], seconds: number): void {
    const { logger, metrics } = this.options;
    if (outcome.kind === 'done' && outcome.skipped) {
      logger?.debug({ triggers, reason: outcome.skipped }, 'pass skipped');
      return;
    }
    metrics?.inc('bi_passes_total', 'Passes by outcome.', { outcome: outcome.kind });
    if (outcome.kind !== 'failed') {
      metrics?.observe('bi_pass_duration_seconds', 'Duration of passes.', seconds);
      for (const { action, outcome: result, count } of outcome.objects ?? []) {
        metrics?.inc(
          'bi_objects_total',
          'Objects handled by passes, by action and outcome.',
          { action, outcome: result },
          count,
        );
      }
    }
    const fields = {
      outcome: outcome.kind,
      triggers,
      passId: 'passId' in outcome ? outcome.passId : undefined,
    };
    if (outcome.kind === 'done') logger?.info(fields, 'pass done');
    else if (outcome.kind === 'terminal')
      logger?.warn({ ...fields, reason: outcome.reason }, 'pass failed; waiting for a change');
    else logger?.warn({ ...fields, reason: outcome.reason }, 'pass needs a retry');
  }

  private scheduleResync(): void {
    this.cancelResync = this.options.setTimer(() => {
      this.trigger('resync');
      if (!this.stopped) this.scheduleResync();
    }, this.options.resyncMs);
  }
}
