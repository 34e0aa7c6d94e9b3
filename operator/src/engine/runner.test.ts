import type { PassOutcome } from './vocabulary.js';
import { PassRunner, type SetTimer } from './runner.js';

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

function setup(outcomes: PassOutcome[] = []) {
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
    { setTimer: clock.setTimer, debounceMs: 200, resyncMs: 60_000, baseBackoffMs: 1000, random: () => 1 },
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
});
