import { Metrics } from '../observe/metrics.js';
import { PassRunner, type RunnerLogger, type SetTimer } from './runner.js';
import type { PassOutcome } from './vocabulary.js';

/** A clock the test advances by hand: timers fire in due order, nothing depends on wall time. */
class ManualClock {
  now = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;
  readonly setTimer: SetTimer = (fn, ms) => {
    const id = this.nextId++;
    this.timers.push({ at: this.now + ms, fn, id });
    return () => (this.timers = this.timers.filter((t) => t.id !== id));
  };
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await flush(); // let settled promises schedule their timers first
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
      await flush();
    }
    this.now = until;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** A logger that keeps its lines, to read what the runner said. */
function linesLogger(): RunnerLogger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (fields: object, message: string) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn') };
}

function setup(outcomes: PassOutcome[] = [], observe: { logger?: RunnerLogger; metrics?: Metrics } = {}) {
  const clock = new ManualClock();
  const passes: string[][] = [];
  let release: (() => void) | undefined;
  let holdNext = false;
  const runner = new PassRunner(
    async (triggers) => {
      passes.push([...triggers]);
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      return outcomes.shift() ?? { kind: 'done' };
    },
    {
      setTimer: clock.setTimer,
      debounceMs: 200,
      resyncMs: 60_000,
      baseBackoffMs: 1000,
      random: () => 1,
      clock: () => clock.now,
      ...observe,
    },
  );
  return { clock, passes, runner, hold: () => (holdNext = true), release: () => release?.() };
}

describe('PassRunner', () => {
  it('debounces a burst of triggers into one pass that sees them all', async () => {
    const { clock, passes, runner } = setup();
    runner.trigger('battery:redis');
    await clock.advance(100);
    runner.trigger('battery:grafana');
    runner.trigger('battery:redis');
    await clock.advance(199);
    expect(passes).toEqual([]);
    await clock.advance(1);
    expect(passes).toEqual([['battery:grafana', 'battery:redis']]);
  });

  it('runs one pass at a time, and triggers during a pass cause exactly one more pass', async () => {
    const { clock, passes, runner, hold, release } = setup();
    hold();
    runner.trigger('a');
    await clock.advance(200);
    expect(runner.isRunning).toBe(true);
    runner.trigger('b');
    runner.trigger('c');
    runner.trigger('d');
    await clock.advance(1000);
    expect(passes).toEqual([['a']]);
    release();
    await clock.advance(200);
    expect(passes).toEqual([['a'], ['b', 'c', 'd']]);
    await clock.advance(10_000);
    expect(passes).toHaveLength(2);
  });

  it('retries a failed pass with exponential backoff and resets after a success', async () => {
    const { clock, passes, runner } = setup([
      { kind: 'retry', reason: 'conflict' },
      { kind: 'failed', reason: 'cache not synced' },
      { kind: 'done' },
      { kind: 'retry', reason: 'x' },
    ]);
    runner.trigger('startup');
    await clock.advance(200); // pass 1 fails → retry in 1 s
    await clock.advance(1000 + 200); // pass 2 fails → retry in 2 s
    expect(passes).toHaveLength(2);
    await clock.advance(1999 + 200);
    expect(passes).toHaveLength(2);
    await clock.advance(1); // pass 3 succeeds
    expect(passes).toHaveLength(3);
    runner.trigger('battery:loki'); // pass 4 fails → backoff starts again at 1 s
    await clock.advance(200 + 1000 + 200);
    expect(passes.at(-1)).toEqual(['retry']);
  });

  it('retries objects waiting for Keycloak within seconds, however long the backoff has grown', async () => {
    const waiting: PassOutcome = { kind: 'retry', reason: '3 object(s) wait for Keycloak', withinMs: 3000 };
    const failures: PassOutcome[] = Array.from({ length: 8 }, () => ({ kind: 'retry', reason: 'x' }));
    const { clock, passes, runner } = setup([...failures, waiting, waiting, waiting]);
    runner.trigger('startup');
    // Eight failures grow the backoff to 60 s (1, 2, 4, … 64 s capped at 60 s)…
    await clock.advance(200 + 1000 + 2000 + 4000 + 8000 + 16_000 + 32_000 + 60_000 + 7 * 200);
    expect(passes).toHaveLength(8);
    await clock.advance(60_000 + 200);
    expect(passes).toHaveLength(9);
    // …but while objects wait for Keycloak, the next pass comes after at most 3 s.
    await clock.advance(3000 + 200);
    expect(passes).toHaveLength(10);
    await clock.advance(3000 + 200);
    expect(passes).toHaveLength(11);
  });

  it('resyncs periodically and stops cleanly', async () => {
    const { clock, passes, runner } = setup();
    runner.start();
    await clock.advance(200);
    expect(passes).toEqual([['startup']]);
    await clock.advance(60_000 + 200);
    expect(passes).toEqual([['startup'], ['resync']]);
    await runner.stop();
    runner.trigger('late');
    await clock.advance(200_000);
    expect(passes).toHaveLength(2);
  });

  it('does not retry a terminal outcome: it waits for the next change, and backoff starts afresh after it', async () => {
    const { clock, passes, runner } = setup([
      { kind: 'retry', reason: 'x' },
      { kind: 'terminal', reason: 'generation failed: redis (InvalidSpec)' },
      { kind: 'retry', reason: 'y' },
    ]);
    runner.trigger('battery:redis');
    await clock.advance(200); // pass 1: retry in 1 s
    await clock.advance(1000 + 200); // pass 2: terminal, nothing scheduled
    expect(passes).toHaveLength(2);
    await clock.advance(50_000);
    expect(passes).toHaveLength(2);
    runner.trigger('battery:redis'); // the fix: pass 3 retries after 1 s again, not 2 s
    await clock.advance(200 + 1000 + 200);
    expect(passes.at(-1)).toEqual(['retry']);
  });

  it('logs and counts every outcome itself, and a skipped pass only as a debug line', async () => {
    const logger = linesLogger();
    const metrics = new Metrics();
    const { clock, runner } = setup(
      [
        { kind: 'done', passId: 1, objects: [{ action: 'create', outcome: 'done', count: 3 }] },
        { kind: 'terminal', reason: 'generation failed: redis (InvalidSpec)', passId: 2 },
        { kind: 'done', skipped: 'not the leader' },
      ],
      { logger, metrics },
    );
    for (const reason of ['a', 'b', 'c']) {
      runner.trigger(reason);
      await clock.advance(200);
    }
    expect(logger.lines).toEqual([
      'info pass done {"outcome":"done","triggers":["a"],"passId":1}',
      'warn pass failed; waiting for a change {"outcome":"terminal","triggers":["b"],"passId":2,"reason":"generation failed: redis (InvalidSpec)"}',
      'debug pass skipped {"triggers":["c"],"reason":"not the leader"}',
    ]);
    const text = metrics.render();
    expect(text).toContain('bi_passes_total{outcome="done"} 1');
    expect(text).toContain('bi_passes_total{outcome="terminal"} 1');
    expect(text).toContain('bi_objects_total{action="create",outcome="done"} 3');
    expect(text).toContain('bi_pass_duration_seconds_count 2');
  });
});
